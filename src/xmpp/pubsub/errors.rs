//! Stanza errors of the pubsub service: RFC 6120 conditions with their XEP-0060 application
//! conditions, and what a store error becomes on the wire.

use super::*;

/// A stanza error with its XEP-0060 application condition (boxed: errors are the cold path).
pub(super) struct Fail(Box<FailInner>);

pub(super) struct FailInner {
    type_: ErrorType,
    cond: DefinedCondition,
    app: Option<Element>,
    text: Option<String>,
}

impl Fail {
    /// The error as a sentence for a chat reply.
    pub(super) fn human(&self) -> String {
        if let Some(t) = &self.0.text {
            return t.clone();
        }
        match self.0.cond {
            DefinedCondition::ItemNotFound => "no such feed".into(),
            DefinedCondition::InternalServerError => {
                "something went wrong on the service; try again later".into()
            }
            DefinedCondition::ResourceConstraint => {
                "too many requests; try again in a minute".into()
            }
            DefinedCondition::NotAuthorized | DefinedCondition::Forbidden => "not allowed".into(),
            DefinedCondition::NotAllowed => "not allowed".into(),
            ref other => format!("refused ({other:?})"),
        }
    }

    pub(super) fn new(type_: ErrorType, cond: DefinedCondition) -> Fail {
        Fail(Box::new(FailInner {
            type_,
            cond,
            app: None,
            text: None,
        }))
    }
    pub(super) fn app(mut self, name: &str) -> Fail {
        self.0.app = Some(Element::builder(name, ns::PUBSUB_ERRORS).build());
        self
    }
    pub(super) fn unsupported(mut self, feature: &str) -> Fail {
        self.0.app = Some(
            Element::builder("unsupported", ns::PUBSUB_ERRORS)
                .attr(
                    xmpp_parsers::minidom::rxml::xml_ncname!("feature").into(),
                    feature,
                )
                .build(),
        );
        self
    }
    pub(super) fn text(mut self, t: impl Into<String>) -> Fail {
        self.0.text = Some(t.into());
        self
    }
    pub(super) fn bad_request() -> Fail {
        Fail::new(ErrorType::Modify, DefinedCondition::BadRequest)
    }
    pub(super) fn item_not_found() -> Fail {
        Fail::new(ErrorType::Cancel, DefinedCondition::ItemNotFound)
    }
    pub(super) fn not_implemented(feature: &str) -> Fail {
        Fail::new(ErrorType::Cancel, DefinedCondition::FeatureNotImplemented).unsupported(feature)
    }
    pub(super) fn into_error(self) -> StanzaError {
        let f = *self.0;
        let mut e = StanzaError::new(f.type_, f.cond, "en", f.text.unwrap_or_default());
        if e.texts.values().all(|t| t.is_empty()) {
            e.texts.clear();
        }
        e.other = f.app;
        e
    }
}

impl From<StateError> for Fail {
    fn from(e: StateError) -> Fail {
        if e.is_away() {
            debug!(error = %e, "request answered \"try again\": the store is out of reach");
            return Fail::new(ErrorType::Wait, DefinedCondition::ResourceConstraint)
                .text(STORE_AWAY);
        }
        warn!(error = %e, "store error while answering a request");
        Fail::new(ErrorType::Wait, DefinedCondition::InternalServerError)
    }
}

/// What a request hears while the store is out of reach.
pub(super) const STORE_AWAY: &str =
    "the service's database is not answering for the moment; try again in a minute";

pub(super) type Reply = Result<Option<Element>, Fail>;
