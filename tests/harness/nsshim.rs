//! A c2s connector for tokio-xmpp that works in a build where xmpp-parsers has its `component`
//! feature on (feedpush needs it, and Cargo unifies features across the test binary).
//!
//! With that feature every typed stanza lives in `jabber:component:accept`. This connector opens
//! the c2s stream with that namespace as the stream default, so stanzas are written without an
//! `xmlns` and parsed into the namespace the typed parsers expect, and rewrites only the stream
//! header's namespace on the wire: `jabber:component:accept` → `jabber:client` going out,
//! `jabber:client` → `jabber:component:accept` coming in. Prosody sees an ordinary c2s stream.

use std::borrow::Cow;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use sasl::common::ChannelBinding;
use tokio::io::{AsyncRead, AsyncWrite, BufStream, ReadBuf};
use tokio::net::TcpStream;
use tokio_xmpp::connect::ServerConnector;
use tokio_xmpp::jid::Jid;
use tokio_xmpp::parsers::ns;
use tokio_xmpp::xmlstream::{initiate_stream, PendingFeaturesRecv, StreamHeader, Timeouts};

const OUT_FROM: &[u8] = b"jabber:component:accept";
const OUT_TO: &[u8] = b"jabber:client";
const IN_FROM: &[u8] = b"xmlns='jabber:client'";
const IN_TO: &[u8] = b"xmlns='jabber:component:accept'";
const IN_FROM_DQ: &[u8] = b"xmlns=\"jabber:client\"";

/// Connects to a fixed address over plain TCP (loopback tests only).
#[derive(Clone, Debug)]
pub struct ShimConnector(pub std::net::SocketAddr);

impl ServerConnector for ShimConnector {
    type Stream = BufStream<NsShim>;

    async fn connect(
        &self,
        jid: &Jid,
        _ns: &'static str,
        timeouts: Timeouts,
    ) -> Result<(PendingFeaturesRecv<Self::Stream>, ChannelBinding), tokio_xmpp::Error> {
        let tcp = TcpStream::connect(self.0).await?;
        let stream = BufStream::new(NsShim::new(tcp));
        let pending = initiate_stream(
            stream,
            ns::COMPONENT,
            StreamHeader {
                to: Some(Cow::Owned(jid.domain().as_str().to_owned())),
                from: None,
                id: None,
            },
            timeouts,
        )
        .await?;
        Ok((pending, ChannelBinding::None))
    }
}

/// The byte-level rewriter.
pub struct NsShim {
    tcp: TcpStream,
    /// Rewritten bytes not yet handed to the reader.
    inbuf: Vec<u8>,
    /// Bytes read but held back because they may be the start of a split pattern.
    carry: Vec<u8>,
    /// Rewritten bytes not yet written to the socket.
    outbuf: Vec<u8>,
}

impl NsShim {
    fn new(tcp: TcpStream) -> NsShim {
        NsShim {
            tcp,
            inbuf: Vec::new(),
            carry: Vec::new(),
            outbuf: Vec::new(),
        }
    }

    fn poll_drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.outbuf.is_empty() {
            let n = ready!(Pin::new(&mut self.tcp).poll_write(cx, &self.outbuf))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.outbuf.drain(..n);
        }
        Poll::Ready(Ok(()))
    }
}

fn replace(data: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(data[i]);
            i += 1;
        }
    }
    out
}

/// Length of the longest suffix of `data` that is a proper prefix of `pat`.
fn partial_suffix(data: &[u8], pat: &[u8]) -> usize {
    (1..pat.len().min(data.len() + 1))
        .rev()
        .find(|&k| data.ends_with(&pat[..k]))
        .unwrap_or(0)
}

impl AsyncRead for NsShim {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while this.inbuf.is_empty() {
            let mut tmp = [0u8; 8192];
            let mut rb = ReadBuf::new(&mut tmp);
            ready!(Pin::new(&mut this.tcp).poll_read(cx, &mut rb))?;
            let got = rb.filled();
            let eof = got.is_empty();
            let mut data = std::mem::take(&mut this.carry);
            data.extend_from_slice(got);
            let hold = if eof {
                0
            } else {
                partial_suffix(&data, IN_FROM).max(partial_suffix(&data, IN_FROM_DQ))
            };
            this.carry = data.split_off(data.len() - hold);
            let data = replace(&data, IN_FROM, IN_TO);
            this.inbuf = replace(&data, IN_FROM_DQ, IN_TO);
            if eof {
                break;
            }
        }
        let n = this.inbuf.len().min(buf.remaining());
        buf.put_slice(&this.inbuf[..n]);
        this.inbuf.drain(..n);
        Poll::Ready(Ok(()))
    }
}

impl AsyncWrite for NsShim {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        ready!(this.poll_drain(cx))?;
        this.outbuf = replace(buf, OUT_FROM, OUT_TO);
        // Already accepted; a Pending here is finished by the next write or flush.
        let _ = this.poll_drain(cx)?;
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_drain(cx))?;
        Pin::new(&mut self.tcp).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_drain(cx))?;
        Pin::new(&mut self.tcp).poll_shutdown(cx)
    }
}

#[test]
fn rewrites_split_patterns() {
    assert_eq!(partial_suffix(b"abc xmlns='jab", IN_FROM), 10);
    assert_eq!(partial_suffix(b"abc", IN_FROM), 0);
    assert_eq!(
        replace(b"<s xmlns='jabber:client' a='1'>", IN_FROM, IN_TO),
        b"<s xmlns='jabber:component:accept' a='1'>".to_vec()
    );
}
