//! `[pubsub]` and `[chat]`: what subscribers receive (the notifications' type, whether
//! updates are pushed, the chat bodies' length and the backlog kept while away).

use super::ctx::Ctx;
use crate::config::raw::{RawChat, RawPubsub};
use crate::config::{
    ChatConfig, ConfigError, NotificationType, PubsubConfig, DEFAULT_BACKLOG_MAX,
    DEFAULT_MAX_BODY_CHARS,
};

/// `[pubsub]`.
pub(super) fn pubsub(cx: &Ctx<'_>, raw: Option<RawPubsub>) -> Result<PubsubConfig, ConfigError> {
    Ok(match raw {
        Some(p) => PubsubConfig {
            notification_type: match &p.notification_type {
                None => NotificationType::Headline,
                Some(t) => cx.notification_type("pubsub.notification_type", t)?,
            },
            notify_updates: p.notify_updates.unwrap_or(false),
        },
        None => PubsubConfig {
            notification_type: NotificationType::Headline,
            notify_updates: false,
        },
    })
}

/// `[chat]`.
pub(super) fn chat(cx: &Ctx<'_>, raw: Option<RawChat>) -> Result<ChatConfig, ConfigError> {
    Ok(match raw {
        Some(c) => ChatConfig {
            max_body_chars: cx.in_range(
                "chat.max_body_chars",
                c.max_body_chars.as_ref(),
                DEFAULT_MAX_BODY_CHARS,
                (100, 100_000),
            )?,
            backlog_max: cx.in_range(
                "chat.backlog_max",
                c.backlog_max.as_ref(),
                DEFAULT_BACKLOG_MAX,
                (0, 10_000),
            )?,
        },
        None => ChatConfig::default(),
    })
}
