//! Affiliations: a JID's standing on a node (XEP-0060 §4.1).

use serde::{Deserialize, Serialize};

/// A JID's standing on a node (XEP-0060 §4.1). `None` is the absence of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Affiliation {
    /// May configure, delete, purge, publish and manage others.
    Owner,
    /// May publish and retract.
    Publisher,
    /// May subscribe and read on a whitelist node.
    Member,
    /// May not subscribe or read.
    Outcast,
}

impl Affiliation {
    /// The XEP's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Affiliation::Owner => "owner",
            Affiliation::Publisher => "publisher",
            Affiliation::Member => "member",
            Affiliation::Outcast => "outcast",
        }
    }

    /// From the XEP's name: `Some(None)` for "none", None for an unknown name.
    pub fn parse(s: &str) -> Option<Option<Affiliation>> {
        Some(Some(match s {
            "owner" => Affiliation::Owner,
            "publisher" => Affiliation::Publisher,
            "member" => Affiliation::Member,
            "outcast" => Affiliation::Outcast,
            "none" => return Some(None),
            _ => return None,
        }))
    }
}
