//! Callbacks, so a publisher's logic stays in its application: a message a user sent to a
//! node's contact is POSTed to the node's `callback_url` as JSON
//! (`{"node","from","body","id","thread"}`), signed with HMAC-SHA256 of the body under the
//! node's secret in `X-Feedpush-Signature: sha256=<hex>` (the only hmac user), through the
//! shared, guarded client (no private addresses unless allowed) with this use's own limits
//! ([`CALLBACK_LIMITS`]: 5 s, a 64 KiB answer, no redirect followed), tried again a bounded
//! number of times on network errors, 429 and 5xx. A `200` with `{"reply": "…"}` is sent back
//! to the user as a chat message from the contact.
//!
//! Nodes' callbacks are kept apart by [`super::callback_gate`]: slots per callback host, a
//! bound on each node's waiting messages, a breaker per host; a dropped message's sender gets
//! one error reply per episode ([`Shared::callback_refusal`]).

use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

use super::callback_gate::{
    host_key, Gate, Refusal, Refused, Ticket, CALLBACK_BREAKER_FAILURES, CALLBACK_BREAKER_OPEN,
};
use crate::config::Swap;
use crate::poll::fetch::{Fetcher, Limits};
use crate::xmpp::pubsub::{CallbackRefusal, CallbackRequest, Shared};
use crate::xmpp::stanza::Outbound;

/// Time one POST may take.
pub const CALLBACK_TIMEOUT: Duration = Duration::from_secs(5);
/// Attempts per message (the first and the retries).
pub const CALLBACK_ATTEMPTS: u32 = 3;
/// Wait before the first retry (doubled for each further one).
pub const CALLBACK_RETRY: Duration = Duration::from_secs(1);
/// Largest answer read.
pub const MAX_CALLBACK_ANSWER: u64 = 64 * 1024;
/// What one POST may take, on the client shared with polling: its own time, its own answer
/// size, and no redirect followed (a moved callback answers 3xx, which refuses the message).
pub const CALLBACK_LIMITS: Limits = Limits {
    max_body: MAX_CALLBACK_ANSWER,
    timeout: CALLBACK_TIMEOUT,
    redirects: 0,
};
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

/// POST the requests sent on `requests` until `stop`; replies go to `out`. Each message is
/// admitted by the [`Gate`] (its host's slots, its node's queue, its host's breaker) without
/// waiting, so this loop never waits for any application.
pub async fn run(
    service: Arc<Shared>,
    fetcher: Arc<Swap<Fetcher>>,
    out: mpsc::Sender<Outbound>,
    mut requests: mpsc::Receiver<CallbackRequest>,
    stop: CancellationToken,
) {
    let gate = Gate::new();
    let tasks = tokio_util::task::TaskTracker::new();
    loop {
        let r = tokio::select! {
            _ = stop.cancelled() => break,
            r = requests.recv() => match r {
                Some(r) => r,
                None => { stop.cancelled().await; break; }
            },
        };
        let host = host_key(&r.url);
        let ticket = match gate.admit(&r.node, &host, &r.from.to_bare().to_string()) {
            Ok(t) => t,
            Err(refused) => {
                refuse(&service, &out, &r, refused).await;
                continue;
            }
        };
        let (svc, f, out, stop, gate) = (
            service.clone(),
            fetcher.get(),
            out.clone(),
            stop.clone(),
            gate.clone(),
        );
        tasks.spawn(async move {
            tokio::select! {
                _ = stop.cancelled() => {}
                _ = forward(&svc, &f, &out, &gate, ticket, r) => {}
            }
        });
    }
    tasks.close();
    tasks.wait().await;
}

/// A message the gate refused: counted, logged, and its sender told if this is the first time
/// in the episode.
async fn refuse(svc: &Shared, out: &mpsc::Sender<Outbound>, r: &CallbackRequest, refused: Refused) {
    crate::telemetry::callback_dropped(refused.why.label());
    let url = crate::net::redact(&r.url);
    match refused.why {
        Refusal::QueueFull => {
            warn!(node = %r.node, url = %url, from = %r.from, told = refused.tell, "too many messages waiting for the node's callback; one dropped");
        }
        Refusal::NotAnswering => {
            debug!(node = %r.node, url = %url, from = %r.from, told = refused.tell, "the callback's breaker is open; message dropped");
        }
    }
    if !refused.tell {
        return;
    }
    let why = match refused.why {
        Refusal::QueueFull => CallbackRefusal::QueueFull,
        Refusal::NotAnswering => CallbackRefusal::NotAnswering,
    };
    if let Some(stanza) = svc.callback_refusal(&r.node, &r.from, r.id.as_deref(), why) {
        // Never wait on a full link from here: a refusal that cannot go now is not sent.
        let _ = out.try_send(Outbound {
            stanzas: vec![stanza],
            ..Outbound::default()
        });
    }
}

/// One message: wait for a slot of its host, POST it (with retries while the host's breaker
/// stays closed), send the reply if the application gave one.
async fn forward(
    svc: &Shared,
    fetcher: &Fetcher,
    out: &mpsc::Sender<Outbound>,
    gate: &Gate,
    ticket: Ticket,
    r: CallbackRequest,
) {
    let Some(_slot) = ticket.slot().await else {
        return;
    };
    let host = ticket.host();
    let sender = r.from.to_bare().to_string();
    let body = payload(&r);
    let headers = [(SIGNATURE_HEADER, signature(&r.secret, &body))];
    let url = crate::net::redact(&r.url);
    let mut wait = CALLBACK_RETRY;
    for attempt in 1..=CALLBACK_ATTEMPTS {
        // Opened while this message waited, or by another message's failures.
        if let Some(refused) = gate.open(host, &sender) {
            refuse(svc, out, &r, refused).await;
            return;
        }
        let result = fetcher
            .post_json(&r.url, body.clone(), &headers, CALLBACK_LIMITS)
            .await;
        let answered = match &result {
            Ok(_) => true,
            Err(e) => e.is_permanent(),
        };
        if gate.record(host, answered) {
            crate::telemetry::callback_breaker_opened();
            warn!(node = %r.node, url = %url, failures = CALLBACK_BREAKER_FAILURES, pause_s = CALLBACK_BREAKER_OPEN.as_secs(), "the callback does not answer; its messages fail at once for a while");
        }
        let retry = match &result {
            Ok((200, answer)) => {
                crate::telemetry::callback_forwarded();
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
                crate::telemetry::callback_dropped("refused");
                warn!(node = %r.node, url = %url, status, "the callback refused a message");
                return;
            }
            Err(e) if e.is_permanent() => {
                crate::telemetry::callback_dropped("unreachable");
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
            crate::telemetry::callback_dropped("failed");
            match &result {
                Ok((status, _)) => {
                    warn!(node = %r.node, url = %url, attempts = attempt, status = *status, "callback failed; message dropped");
                }
                Err(e) => {
                    warn!(node = %r.node, url = %url, attempts = attempt, error = %e, "callback failed; message dropped");
                }
            }
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
