//! Callbacks, so a publisher's logic stays in its application: a message a user sent to a
//! node's contact is POSTed to the node's `callback_url` as JSON
//! (`{"node","from","body","id","thread"}`), signed with HMAC-SHA256 of the body under the
//! node's secret in `X-Feedpush-Signature: sha256=<hex>` (the only hmac user), through the
//! guarded fetcher (no private addresses unless allowed, 5 s timeout), tried again a bounded
//! number of times on network errors, 429 and 5xx. A `200` with `{"reply": "…"}` is sent back
//! to the user as a chat message from the contact.

use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use tokio::sync::{mpsc, Semaphore};
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

use crate::config::Swap;
use crate::poll::fetch::Fetcher;
use crate::xmpp::pubsub::{CallbackRequest, Service};
use crate::xmpp::stanza::Outbound;

/// Time one POST may take.
pub const CALLBACK_TIMEOUT: Duration = Duration::from_secs(5);
/// Attempts per message (the first and the retries).
pub const CALLBACK_ATTEMPTS: u32 = 3;
/// Wait before the first retry (doubled for each further one).
pub const CALLBACK_RETRY: Duration = Duration::from_secs(1);
/// POSTs in flight at once.
pub const CALLBACKS_AT_ONCE: usize = 16;
/// Largest answer read.
pub const MAX_CALLBACK_ANSWER: u64 = 64 * 1024;
/// The signature header.
pub const SIGNATURE_HEADER: &str = "X-Feedpush-Signature";

/// The signature of `body` under `secret`: `sha256=<hex of HMAC-SHA256>`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// The JSON body of one forwarded message.
pub fn payload(r: &CallbackRequest) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "node": r.node,
        "from": r.from.to_string(),
        "body": r.body,
        "id": r.id,
        "thread": r.thread,
    }))
    .unwrap_or_default()
}

/// POST the requests sent on `requests` until `stop`; replies go to `out`.
pub async fn run(
    service: Arc<Service>,
    fetcher: Arc<Swap<Fetcher>>,
    out: mpsc::Sender<Outbound>,
    mut requests: mpsc::Receiver<CallbackRequest>,
    stop: CancellationToken,
) {
    let slots = Arc::new(Semaphore::new(CALLBACKS_AT_ONCE));
    loop {
        let r = tokio::select! {
            _ = stop.cancelled() => return,
            r = requests.recv() => match r {
                Some(r) => r,
                None => { stop.cancelled().await; return; }
            },
        };
        let Ok(slot) = slots.clone().acquire_owned().await else {
            return;
        };
        let (svc, f, out, stop) = (service.clone(), fetcher.get(), out.clone(), stop.clone());
        tokio::spawn(async move {
            tokio::select! {
                _ = stop.cancelled() => {}
                _ = forward(&svc, &f, &out, r) => {}
            }
            drop(slot);
        });
    }
}

/// One message: POST it (with retries), send the reply if the application gave one.
async fn forward(
    svc: &Service,
    fetcher: &Fetcher,
    out: &mpsc::Sender<Outbound>,
    r: CallbackRequest,
) {
    let body = payload(&r);
    let headers = [(SIGNATURE_HEADER, signature(&r.secret, &body))];
    let url = crate::net::redact(&r.url);
    let mut wait = CALLBACK_RETRY;
    for attempt in 1..=CALLBACK_ATTEMPTS {
        let result = fetcher
            .post_json(
                &r.url,
                body.clone(),
                &headers,
                CALLBACK_TIMEOUT,
                MAX_CALLBACK_ANSWER,
            )
            .await;
        let retry = match &result {
            Ok((200, answer)) => {
                let reply = serde_json::from_slice::<serde_json::Value>(answer)
                    .ok()
                    .and_then(|v| v.get("reply")?.as_str().map(str::to_owned))
                    .filter(|t| !t.trim().is_empty());
                info!(node = %r.node, url = %url, replied = reply.is_some(), "message forwarded to the callback");
                if let Some(stanza) = reply.and_then(|t| svc.callback_reply(&r.node, &r.from, &t)) {
                    let _ = out
                        .send(Outbound {
                            stanzas: vec![stanza],
                            ..Outbound::default()
                        })
                        .await;
                }
                return;
            }
            Ok((status, _)) if *status == 429 || *status >= 500 => true,
            Ok((status, _)) => {
                warn!(node = %r.node, url = %url, status, "the callback refused a message");
                return;
            }
            Err(e) if e.is_permanent() => {
                warn!(node = %r.node, url = %url, error = %e, "the callback cannot be reached");
                return;
            }
            Err(_) => true,
        };
        if retry && attempt < CALLBACK_ATTEMPTS {
            debug!(node = %r.node, url = %url, attempt, "callback failed; trying again");
            tokio::time::sleep(wait).await;
            wait *= 2;
        } else {
            warn!(node = %r.node, url = %url, attempts = attempt, result = ?result.map(|(s, _)| s), "callback failed; message dropped");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_hmac_sha256_hex() {
        // RFC 4231 test case 2.
        let mac = signature("Jefe", b"what do ya want for nothing?");
        assert_eq!(
            mac,
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
