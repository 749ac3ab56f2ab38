//! TLS to the database, through rustls (tokio-postgres-rustls; no OpenSSL), with libpq's
//! meaning of `sslmode` and `sslrootcert` in the connection string:
//!
//! - `disable`: no TLS; `allow`/`prefer`: TLS when the server offers it, unverified;
//! - `require`: TLS or no connection; the certificate is not checked (as libpq), unless
//!   `sslrootcert` names a file: then as `verify-ca`;
//! - `verify-ca`: the certificate must chain to a trusted root (any host name);
//! - `verify-full`: it must chain to a trusted root and name the host connected to.
//!
//! Trusted roots are the certificates in `sslrootcert` (PEM) when given, else the system's
//! (the platform verifier, as the HTTP client's). tokio-postgres itself knows only
//! `disable|prefer|require` and no `sslrootcert`: [`split`] takes both out of the string
//! before it is parsed.

use std::path::PathBuf;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore};
use tokio_postgres::config::SslMode;

/// What the connection string asks of TLS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `disable`.
    Disable,
    /// `allow` or `prefer` (the default, as libpq's).
    Prefer,
    /// `require`.
    Require,
    /// `verify-ca`.
    VerifyCa,
    /// `verify-full`.
    VerifyFull,
}

/// A connection string with the TLS settings taken out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// What tokio-postgres parses (without `sslmode` and `sslrootcert`).
    pub rest: String,
    /// `sslmode`.
    pub mode: Mode,
    /// `sslrootcert`.
    pub root: Option<PathBuf>,
}

fn mode_of(v: &str) -> Result<Mode, String> {
    Ok(match v {
        "disable" => Mode::Disable,
        "allow" | "prefer" => Mode::Prefer,
        "require" => Mode::Require,
        "verify-ca" => Mode::VerifyCa,
        "verify-full" => Mode::VerifyFull,
        other => {
            return Err(format!(
            "sslmode {other:?} is none of disable, allow, prefer, require, verify-ca, verify-full"
        ))
        }
    })
}

/// Take `sslmode` and `sslrootcert` out of a connection string (a URL's query or `key=value`
/// words).
pub fn split(url: &str) -> Result<Split, String> {
    let mut mode = Mode::Prefer;
    let mut root = None;
    let mut take = |k: &str, v: &str| -> Result<bool, String> {
        match k {
            "sslmode" => mode = mode_of(v)?,
            "sslrootcert" => root = Some(PathBuf::from(v)),
            _ => return Ok(false),
        }
        Ok(true)
    };
    let rest = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        match url.split_once('?') {
            None => url.to_owned(),
            Some((base, query)) => {
                let mut kept = Vec::new();
                for pair in query.split('&').filter(|p| !p.is_empty()) {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    let v = percent_decode(v);
                    if !take(k, &v)? {
                        kept.push(pair);
                    }
                }
                if kept.is_empty() {
                    base.to_owned()
                } else {
                    format!("{base}?{}", kept.join("&"))
                }
            }
        }
    } else {
        let mut kept = Vec::new();
        for word in url.split_whitespace() {
            match word.split_once('=') {
                Some((k, v)) if take(k.trim(), v.trim_matches('\''))? => {}
                _ => kept.push(word),
            }
        }
        kept.join(" ")
    };
    if root.is_some() && mode == Mode::Disable {
        return Err("sslrootcert is given but sslmode is disable".into());
    }
    Ok(Split { rest, mode, root })
}

/// `%XX` sequences of a query value decoded (a path in `sslrootcert`).
fn percent_decode(v: &str) -> String {
    url::form_urlencoded::parse(format!("v={v}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// Refuse a string whose `sslmode` [`split`] did not take out (written `sslmode = require`,
/// with spaces, which the driver reads): it would otherwise fall back to `prefer` unseen.
pub fn no_mode_left(parsed: &tokio_postgres::Config) -> Result<(), String> {
    if parsed.get_ssl_mode() != SslMode::Prefer {
        return Err("write sslmode as one word, sslmode=VALUE (no spaces around =)".into());
    }
    Ok(())
}

/// tokio-postgres's own mode for `mode`.
pub fn ssl_mode(mode: Mode) -> SslMode {
    match mode {
        Mode::Disable => SslMode::Disable,
        Mode::Prefer => SslMode::Prefer,
        Mode::Require | Mode::VerifyCa | Mode::VerifyFull => SslMode::Require,
    }
}

/// The connector for `split`'s TLS settings.
pub fn connector(split: &Split) -> Result<tokio_postgres_rustls::MakeRustlsConnect, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = match &split.root {
        None => None,
        Some(path) => {
            let mut roots = RootCertStore::empty();
            let certs = CertificateDer::pem_file_iter(path)
                .map_err(|e| format!("sslrootcert {}: {e}", path.display()))?;
            for c in certs {
                let c = c.map_err(|e| format!("sslrootcert {}: {e}", path.display()))?;
                roots
                    .add(c)
                    .map_err(|e| format!("sslrootcert {}: {e}", path.display()))?;
            }
            if roots.is_empty() {
                return Err(format!(
                    "sslrootcert {}: no certificate in it",
                    path.display()
                ));
            }
            Some(Arc::new(roots))
        }
    };
    let checked =
        |roots: Option<Arc<RootCertStore>>| -> Result<Arc<dyn ServerCertVerifier>, String> {
            Ok(match roots {
                Some(r) => {
                    rustls::client::WebPkiServerVerifier::builder_with_provider(r, provider.clone())
                        .build()
                        .map_err(|e| e.to_string())?
                }
                None => Arc::new(
                    rustls_platform_verifier::Verifier::new(provider.clone())
                        .map_err(|e| format!("the system's trusted certificates: {e}"))?,
                ),
            })
        };
    let verifier: Arc<dyn ServerCertVerifier> = match (split.mode, roots) {
        (Mode::VerifyFull, roots) => checked(roots)?,
        (Mode::VerifyCa, roots) | (Mode::Require, roots @ Some(_)) => Arc::new(AnyName {
            inner: checked(roots)?,
        }),
        (Mode::Disable | Mode::Prefer | Mode::Require, _) => Arc::new(Unchecked {
            provider: provider.clone(),
        }),
    };
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// `verify-ca`: the certificate chains to a trusted root; the name in it is not compared with
/// the host.
#[derive(Debug)]
struct AnyName {
    inner: Arc<dyn ServerCertVerifier>,
}

impl ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self
            .inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            // The chain was checked before the name.
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }
    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// `require` (and `prefer`) without a root: encrypted, the certificate not checked, as libpq
/// does; the handshake's signatures still are.
#[derive(Debug)]
struct Unchecked {
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }
    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_settings_are_taken_out_of_both_forms() {
        let s = split("postgres://u@db.example/feeds?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&application_name=x").unwrap();
        assert_eq!(s.mode, Mode::VerifyFull);
        assert_eq!(s.root, Some(PathBuf::from("/etc/ca.pem")));
        assert_eq!(s.rest, "postgres://u@db.example/feeds?application_name=x");
        let s = split("host=db.example dbname=feeds sslmode=require sslrootcert=/ca.pem").unwrap();
        assert_eq!(
            (s.mode, s.rest.as_str()),
            (Mode::Require, "host=db.example dbname=feeds")
        );
        let s = split("postgres://u@h/d?sslmode=verify-ca").unwrap();
        assert_eq!(
            (s.mode, s.rest.as_str(), s.root),
            (Mode::VerifyCa, "postgres://u@h/d", None)
        );
        assert_eq!(split("host=h dbname=d").unwrap().mode, Mode::Prefer);
        assert_eq!(ssl_mode(Mode::VerifyFull), SslMode::Require);
        let e = split("host=h sslmode=paranoid").unwrap_err();
        assert!(e.contains("verify-full"), "{e}");
        assert!(split("host=h sslmode=disable sslrootcert=/x").is_err());
        // Written with spaces, the driver would read it while split does not: refused.
        let s = split("host=h dbname=d sslmode = require").unwrap();
        let parsed: tokio_postgres::Config = s.rest.parse().unwrap();
        assert!(no_mode_left(&parsed).unwrap_err().contains("sslmode=VALUE"));
        let s = split("host=h dbname=d sslmode=require").unwrap();
        assert!(no_mode_left(&s.rest.parse().unwrap()).is_ok());
    }

    #[test]
    fn a_root_file_without_certificates_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ca.pem");
        std::fs::write(&p, "not a certificate").unwrap();
        let s = split(&format!(
            "host=h sslmode=verify-full sslrootcert={}",
            p.display()
        ))
        .unwrap();
        let e = connector(&s).err().unwrap();
        assert!(e.contains("no certificate"), "{e}");
        let s = split("host=h sslmode=verify-full sslrootcert=/nonexistent/ca.pem").unwrap();
        assert!(connector(&s).err().unwrap().contains("/nonexistent/ca.pem"));
    }
}
