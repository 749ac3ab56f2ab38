//! The replay test of the deterministic core: a recorded sequence of inputs (inbound stanzas
//! and the fetched addresses users asked for, each with its time) runs through two fresh cores
//! with the same seed over two fresh in-memory states, each state taking the changes of its
//! core as the request task's store would; every output stanza is serialised, and the two
//! sequences must be byte-identical. A third run with another seed must differ exactly where
//! the core draws random ids (a new item id, an instant node, a user feed's node).

use super::tests::{stanza, Mem};
use super::*;

/// The seed of the two runs that must agree.
const SEED: u64 = 21;
/// When the recording starts (Unix milliseconds).
const START_MS: i64 = 1_767_225_600_000;
/// Time between two recorded requests, except in the burst (enough for every sender's budget
/// to take one more request: five a minute).
const STEP_MS: i64 = 20_000;
/// Requests in the burst from one sender, 10 ms apart (its budget takes five).
const BURST: usize = 8;

/// The service's JID, and the contact of its polled node.
const ME: &str = "pubsub.shakespeare.lit";
const CONTACT: &str = "princely_musings@pubsub.shakespeare.lit";
const NODE: &str = "princely_musings";

const CONFIG: &str = "[component]\njid = \"pubsub.shakespeare.lit\"\nserver = \"127.0.0.1:5347\"\nsecret = \"s\"\n[storage]\npath = \"/nonexistent\"\n[access]\nadmins = [\"admin@shakespeare.lit\"]\nallow_user_feeds = true\nmax_requests_per_minute = 5\nmax_domain_requests_per_minute = 1000\n[[feeds]]\nnode = \"princely_musings\"\nurl = \"http://example.org/princely_musings\"\n[[nodes]]\nnode = \"releases\"\ntitle = \"Releases\"\npublishers = [\"ci@shakespeare.lit\"]\n";

/// One recorded input of the request task.
enum Input {
    /// An inbound stanza, written in the XEP's style (the component namespace is added).
    Stanza(String),
    /// What fetching an address a user asked to follow showed.
    Discovered {
        from: &'static str,
        url: &'static str,
        found: Discovery,
    },
}

fn iq(type_: &str, from: &str, id: &str, payload: &str) -> Input {
    Input::Stanza(format!(
        "<iq type='{type_}' from='{from}' to='{ME}' id='{id}'>{payload}</iq>"
    ))
}

fn pubsub(inner: &str) -> String {
    format!("<pubsub xmlns='{}'>{inner}</pubsub>", ns::PUBSUB)
}

fn chat(from: &str, body: &str) -> Input {
    Input::Stanza(format!(
        "<message from='{from}' to='{ME}' type='chat' id='c-{}'><body>{body}</body></message>",
        body.len()
    ))
}

fn presence(from: &str, to: &str, type_: Option<&str>) -> Input {
    let type_ = type_.map(|t| format!(" type='{t}'")).unwrap_or_default();
    Input::Stanza(format!("<presence from='{from}' to='{to}'{type_}/>"))
}

fn entry(title: &str) -> String {
    format!("<entry xmlns='{NS_ATOM}'><title>{title}</title><link href='https://example.org/{title}'/></entry>")
}

/// The recording: each input with its time.
fn script() -> Vec<(i64, Input)> {
    let fran = "francisco@denmark.lit/barracks";
    let bern = "bernardo@denmark.lit/watch";
    let ci = "ci@shakespeare.lit/build";
    let admin = "admin@shakespeare.lit/desk";
    let info = format!("<query xmlns='{}'/>", ns::DISCO_INFO);
    let items = format!("<query xmlns='{}'/>", ns::DISCO_ITEMS);
    let mut s = vec![
        iq("get", fran, "d1", &info),
        iq("get", fran, "d2", &items),
        iq(
            "get",
            fran,
            "d3",
            &format!("<query xmlns='{}' node='{NODE}'/>", ns::DISCO_INFO),
        ),
        presence(fran, ME, None),
        iq(
            "set",
            fran,
            "s1",
            &pubsub(&format!(
                "<subscribe node='{NODE}' jid='francisco@denmark.lit'/>"
            )),
        ),
        iq("get", fran, "i1", &pubsub(&format!("<items node='{NODE}'/>"))),
        // A subscription by URL to a feed the service does not poll yet: a user feed, with
        // a random node id.
        iq(
            "set",
            fran,
            "s2",
            &pubsub("<subscribe node='https://news.example.net/feed.xml' jid='francisco@denmark.lit'/>"),
        ),
        iq(
            "get",
            fran,
            "l1",
            &pubsub("<subscriptions/>"),
        ),
        // Publishing: with an item id, without one (a random id), then reading them back.
        iq(
            "set",
            ci,
            "p1",
            &pubsub(&format!(
                "<publish node='releases'><item id='v1'>{}</item></publish>",
                entry("v1")
            )),
        ),
        iq(
            "set",
            ci,
            "p2",
            &pubsub(&format!(
                "<publish node='releases'><item>{}</item></publish>",
                entry("v2")
            )),
        ),
        iq("get", ci, "i2", &pubsub("<items node='releases'/>")),
        // An owner creates a node without naming it: an instant node with a random id.
        iq("set", admin, "c1", &pubsub("<create/>")),
        // Feeds as roster contacts.
        presence(bern, CONTACT, Some("subscribe")),
        presence(bern, CONTACT, None),
        chat(bern, "help"),
        chat(bern, "list"),
        chat(bern, "subscribe releases"),
        // A page naming two feeds: the user picks the second, a new user feed.
        chat(bern, "subscribe https://blog.example.net/"),
        Input::Discovered {
            from: bern,
            url: "https://blog.example.net/",
            found: Discovery::Page(vec![
                ("Posts".into(), "https://blog.example.net/posts.xml".into()),
                ("Notes".into(), "https://blog.example.net/notes.xml".into()),
            ]),
        },
        chat(bern, "subscribe 2"),
        chat(bern, "list"),
        // A notification that comes back: the server of the subscriber is unreachable.
        Input::Stanza(format!(
            "<message type='error' from='bernardo@denmark.lit' to='{CONTACT}' id='n1'><error type='cancel'><remote-server-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"
        )),
        presence(bern, ME, Some("unavailable")),
        iq(
            "set",
            fran,
            "u1",
            &pubsub(&format!(
                "<unsubscribe node='{NODE}' jid='francisco@denmark.lit'/>"
            )),
        ),
        presence(fran, ME, Some("unavailable")),
        chat(bern, "unsubscribe releases"),
    ];
    let mut timed: Vec<(i64, Input)> = s
        .drain(..)
        .zip(0..)
        .map(|(i, n)| (START_MS + n * STEP_MS, i))
        .collect();
    // The burst: one sender, far over its budget within a tenth of a second.
    let after = timed.last().map_or(START_MS, |(t, _)| *t) + STEP_MS;
    for n in 0..BURST {
        let at = after + 10 * n as i64;
        timed.push((
            at,
            iq("get", "flood@elsinore.lit/x", &format!("f{n}"), &info),
        ));
    }
    timed
}

/// An element's XML, as the link would write it.
fn xml(s: Stanza) -> String {
    let el = match s {
        Stanza::Iq(i) => Element::from(i),
        Stanza::Presence(p) => Element::from(p),
        Stanza::Message(m) => Element::from(m),
    };
    String::from(&el)
}

/// The store's state before the recording: the file's polled feed (with two items) and its
/// push node.
fn fresh_state() -> Mem {
    let st = Mem::default();
    st.apply(&Change::AddFeed(Box::new(FeedState::new(
        NODE,
        "http://example.org/princely_musings",
        None,
        Origin::Config,
    ))));
    st.apply(&Change::CreateNode(Box::new(FeedState::push(
        "releases",
        Some("Releases".into()),
        Origin::Push,
    ))));
    let items = ["first", "second"]
        .iter()
        .zip(1..)
        .map(|(id, seq)| StoredItem {
            seq,
            stored_at: START_MS - 1000,
            entry: crate::model::Entry::new(*id, *id),
        })
        .collect();
    st.items.borrow_mut().insert(NODE.to_owned(), items);
    st
}

/// Run the recording through a fresh core seeded with `seed` over a fresh state: every
/// output, one line each (stanzas as XML; addresses to look at and subscribers back, named).
fn run(seed: u64) -> Vec<String> {
    let cfg = Arc::new(Config::parse(std::path::Path::new("feeds.toml"), CONFIG).expect("config"));
    let mut core = Service::new(cfg, rand::SeedableRng::seed_from_u64(seed));
    let st = fresh_state();
    let mut lines = Vec::new();
    for (at, input) in script() {
        let out = match input {
            Input::Stanza(s) => core.handle(stanza(&s), &st, at),
            Input::Discovered { from, url, found } => {
                core.discovered(Jid::from_str(from).expect("jid"), url, found, &st, at)
            }
        };
        for c in &out.changes {
            st.apply(c);
        }
        for o in out.send {
            let s = match o {
                Outgoing::Now(s) => *s,
                Outgoing::Durable { ok, .. } => *ok,
            };
            lines.push(xml(s));
        }
        lines.extend(
            out.discover
                .iter()
                .map(|d| format!("discover {} {}", d.from, d.url)),
        );
        lines.extend(out.back.iter().map(|j| format!("back {j}")));
    }
    lines
}

/// The random ids a run handed out, in order of appearance, once each: user feeds' nodes
/// (`u-` and 26 base32 characters), instant nodes (`<create node='…'/>`), new item ids (the
/// answer to the publication without one, `p2`).
fn drawn(lines: &[String]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let mut keep = |id: &str| {
        if !ids.iter().any(|i| i == id) {
            ids.push(id.to_owned());
        }
    };
    for l in lines {
        for (at, _) in l.match_indices("u-") {
            let id: String = l[at..].chars().take(2 + 26).collect();
            if id[2..]
                .chars()
                .all(|c| c.is_ascii_lowercase() || ('2'..='7').contains(&c))
                && id.len() == 28
            {
                keep(&id);
            }
        }
        for open in ["<create node='", "<item id='"] {
            if open.starts_with("<item") && !l.contains("id='p2'") {
                continue;
            }
            if let Some(at) = l.find(open) {
                let tail = &l[at + open.len()..];
                keep(&tail[..tail.find('\'').unwrap_or(tail.len())]);
            }
        }
    }
    ids
}

#[test]
fn same_stanzas_twice_give_byte_identical_outputs() {
    let first = run(SEED);
    let second = run(SEED);
    assert_eq!(first.len(), second.len(), "as many outputs each time");
    for (n, (a, b)) in first.iter().zip(&second).enumerate() {
        assert_eq!(a, b, "output {n} differs between two runs with one seed");
    }
    assert!(
        first.len() >= 40,
        "a trivial recording: {} outputs",
        first.len()
    );
    let all = first.join("\n");
    // What the recording must have made, so it cannot pass empty or refused.
    for expected in [
        "http://jabber.org/protocol/pubsub#subscribe",
        "subscription='subscribed'",
        "<create node='n",
        "node='u-",
        "<item id='v1'>",
        "type='subscribe'",
        "type='unavailable'",
        "You follow 3 feed(s)",
        "2. Notes",
        "back bernardo@denmark.lit",
        "resource-constraint",
        "try again in a minute",
        "Posts",
        "discover bernardo@denmark.lit/watch https://blog.example.net/",
    ] {
        assert!(all.contains(expected), "no {expected:?} in:\n{all}");
    }
    let refused = first
        .iter()
        .filter(|l| l.contains("resource-constraint"))
        .count();
    assert_eq!(refused, BURST - 5, "the burst's requests over the budget");
    // Two user feeds, an instant node, an item id.
    assert_eq!(drawn(&first).len(), 4, "{:?}", drawn(&first));
}

#[test]
fn another_seed_draws_other_ids_and_changes_nothing_else() {
    let a = run(SEED);
    let b = run(SEED + 1);
    assert_eq!(a.len(), b.len());
    let (ids_a, ids_b) = (drawn(&a), drawn(&b));
    assert_eq!(ids_a.len(), 4, "{ids_a:?}");
    assert_eq!(ids_a.len(), ids_b.len());
    for id in &ids_a {
        assert!(!ids_b.contains(id), "{id} drawn with both seeds");
    }
    // Put each run's ids back to placeholders: then the two runs say the same, byte for byte
    // (the seed changes the ids and nothing else).
    let placeholders = |v: &[String], ids: &[String]| -> Vec<String> {
        v.iter()
            .map(|l| {
                ids.iter().enumerate().fold(l.clone(), |l, (n, id)| {
                    l.replace(id.as_str(), &format!("<id {n}>"))
                })
            })
            .collect()
    };
    assert_eq!(placeholders(&a, &ids_a), placeholders(&b, &ids_b));
}
