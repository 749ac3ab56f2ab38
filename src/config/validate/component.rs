//! `[component]`: the XEP-0114 link: the component's JID, the server's `host:port`, the shared
//! secret (inline, from a file, or a systemd credential) and the link's limits.

use std::net::SocketAddr;
use std::ops::Range;
use std::path::Path;
use std::str::FromStr;

use toml::Spanned;
use xmpp_parsers::jid::BareJid;

use super::ctx::Ctx;
use crate::config::raw::RawComponent;
use crate::config::{
    ComponentConfig, ConfigError, Secrets, DEFAULT_KEEPALIVE, DEFAULT_MAX_STANZA_BYTES,
    MAX_KEEPALIVE, PLACEHOLDER_SECRETS, STANZA_BYTES_RANGE,
};

/// `[component]`, with the warnings it earns (a credential left unread, a placeholder secret).
pub(super) fn component(
    cx: &Ctx<'_>,
    raw: Spanned<RawComponent>,
    secrets: Secrets,
    base_dir: &Path,
) -> Result<(ComponentConfig, Vec<String>), ConfigError> {
    let comp_span = raw.span();
    let RawComponent {
        jid: jid_given,
        server: server_given,
        secret,
        secret_file,
        secret_credential,
        keepalive,
        max_stanza_bytes,
    } = raw.into_inner();
    let jid = match BareJid::from_str(jid_given.get_ref()) {
        Ok(j) if j.node().is_none() => j,
        Ok(_) => {
            return cx.err(
                jid_given.span(),
                format!(
                    "key `component.jid`: {:?} must be a bare domain such as feeds.example.org",
                    jid_given.get_ref()
                ),
            )
        }
        Err(e) => {
            return cx.err(
                jid_given.span(),
                format!(
                    "key `component.jid`: bad JID {:?}: {e}",
                    jid_given.get_ref()
                ),
            )
        }
    };
    let server = server_given.get_ref().trim().to_owned();
    if !valid_host_port(&server) {
        return cx.err(
            server_given.span(),
            format!("key `component.server`: {server:?} is not host:port"),
        );
    }
    let given = Given {
        secret,
        secret_file,
        secret_credential,
    };
    let (secret, credential_skipped) = shared_secret(cx, comp_span, given, secrets, base_dir)?;
    let keepalive = cx.bounded(
        "component.keepalive",
        keepalive.as_ref(),
        DEFAULT_KEEPALIVE,
        MAX_KEEPALIVE,
    )?;
    let max_stanza_bytes = cx.in_range(
        "component.max_stanza_bytes",
        max_stanza_bytes.as_ref(),
        DEFAULT_MAX_STANZA_BYTES,
        STANZA_BYTES_RANGE,
    )?;

    let mut warnings = Vec::new();
    if credential_skipped {
        warnings.push(format!(
            "{}: `component.secret_credential` was not read ($CREDENTIALS_DIRECTORY is set only for the service)",
            cx.path.display()
        ));
    }
    if PLACEHOLDER_SECRETS.contains(&secret.as_str()) {
        warnings.push(format!(
            "{}: `component.secret` is the example's placeholder {secret:?}: set the secret of the server's Component block",
            cx.path.display()
        ));
    }
    let component = ComponentConfig {
        jid,
        server,
        secret,
        keepalive,
        max_stanza_bytes,
    };
    Ok((component, warnings))
}

/// The keys that may give the secret, as written.
struct Given {
    secret: Option<Spanned<String>>,
    secret_file: Option<Spanned<String>>,
    secret_credential: Option<Spanned<String>>,
}

/// The shared secret: `secret`, `secret_file` or `secret_credential` (exactly one), and
/// whether a credential was left unread (checking by hand, outside the service).
fn shared_secret(
    cx: &Ctx<'_>,
    comp_span: Range<usize>,
    given: Given,
    secrets: Secrets,
    base_dir: &Path,
) -> Result<(String, bool), ConfigError> {
    let secret_key = if given.secret_credential.is_some() {
        "component.secret_credential"
    } else {
        "component.secret_file"
    };
    let (secret_file, credential_skipped) =
        secret_file(cx, given.secret_file, given.secret_credential, secrets)?;
    let secret = match (given.secret, secret_file) {
        (Some(_), Some(f)) => {
            return cx.err(
                f.span(),
                "key `component.secret_file`: give either `secret` or `secret_file`, not both"
                    .into(),
            )
        }
        (None, None) if credential_skipped => String::new(),
        (None, None) => {
            return cx.err(
                comp_span,
                "key `component.secret`: missing secret: set `secret`, `secret_file` or `secret_credential`".into(),
            )
        }
        (Some(s), None) => {
            if s.get_ref().is_empty() {
                return cx.err(s.span(), "key `component.secret`: must not be empty".into());
            }
            s.into_inner()
        }
        (None, Some(f)) => cx.trimmed_file(secret_key, &f, base_dir)?,
    };
    Ok((secret, credential_skipped))
}

/// The file the secret is read from: `secret_file`, or a systemd credential (LoadCredential=),
/// which is a file in `$CREDENTIALS_DIRECTORY`; and whether that credential was left unread.
fn secret_file(
    cx: &Ctx<'_>,
    file: Option<Spanned<String>>,
    credential: Option<Spanned<String>>,
    secrets: Secrets,
) -> Result<(Option<Spanned<String>>, bool), ConfigError> {
    match (file, credential) {
        (Some(_), Some(c)) => cx.err(
            c.span(),
            "key `component.secret_credential`: give one of `secret`, `secret_file`, `secret_credential`"
                .into(),
        ),
        (f, None) => Ok((f, false)),
        (None, Some(c)) => {
            let name = c.get_ref();
            if name.is_empty() || name.contains('/') {
                return cx.err(
                    c.span(),
                    format!("key `component.secret_credential`: {name:?} is not a credential name"),
                );
            }
            match std::env::var_os("CREDENTIALS_DIRECTORY") {
                Some(dir) => Ok((
                    Some(Spanned::new(
                        c.span(),
                        Path::new(&dir).join(name).display().to_string(),
                    )),
                    false,
                )),
                // Checked by hand, outside the service: the rest can still be checked.
                None if secrets == Secrets::Skip => Ok((None, true)),
                None => cx.err(
                    c.span(),
                    "key `component.secret_credential`: $CREDENTIALS_DIRECTORY is not set (systemd sets it for LoadCredential=; outside systemd use `secret_file`)".into(),
                ),
            }
        }
    }
}

/// Whether `s` is `host:port` (an IP address with its port, or a DNS name and a port).
fn valid_host_port(s: &str) -> bool {
    if s.parse::<SocketAddr>().is_ok() {
        return true;
    }
    match s.rsplit_once(':') {
        Some((host, port)) => {
            !host.is_empty()
                && port.parse::<u16>().is_ok_and(|p| p != 0)
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.'))
        }
        None => false,
    }
}
