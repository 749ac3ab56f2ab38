//! The store contract ([`super::contract`]) as tests: one suite written against
//! `Arc<dyn Store>` only, instantiated per backend by [`contract_suite!`] with a [`Backend`]
//! harness (`store::contract_suite::sled::…` and `store::contract_suite::postgres::…`, the
//! same tests on each).
//!
//! Besides a round trip of each indexed query, it holds the cases the contract's promises
//! rest on:
//! - crash order (`crash_*`): a writer in a child process (this test binary run again on the
//!   one test, [`CHILD_DIR`] set) acknowledges writes the way feedpush does (the call returned,
//!   then a flush), prints `acked`, goes on writing, and is killed with SIGKILL (no flush, no
//!   drop); the store opened again has every acknowledged write, and what the unacknowledged
//!   ones left is consistent;
//! - two writers on one node (`concurrent_publishers_…`): every acknowledged item stored once,
//!   numbers unique and increasing per writer, one job per item;
//! - numbering under the node's lock (`numbers_are_given_under_the_nodes_lock`): publishes,
//!   retractions and purges at once never give a number twice, and a reader of a job never
//!   finds "no item" for one still on its way.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::Store;
use crate::model::{
    Announce, Digest, Entry, Event, FeedState, Filter, Held, Mode, Origin, Published, StoredItem,
    Subscription,
};

/// A backend under test.
pub(crate) trait Backend {
    /// Open the store kept at `dir` (a directory this test owns; empty at first). Called again
    /// on the same `dir` it opens the same store: after a clean drop, or after the process that
    /// had it open was killed. A backend without files derives its database from `dir`.
    fn open(dir: &Path) -> Arc<dyn Store>;
    /// Make ready what a child process given `dir` needs to open the same store (a backend
    /// without files: its database), before the child starts.
    fn prepare(_dir: &Path) {}
}

/// Set in the child of a crash test: the store's directory.
const CHILD_DIR: &str = "FEEDPUSH_CONTRACT_CRASH_DIR";
/// How long a crash test waits for its child's acknowledgements.
const CHILD_WAIT: Duration = Duration::from_secs(120);
/// Items a node keeps in these tests (none trimmed).
const KEEP: usize = 100_000;
/// Announce new items and updates.
const ALL: Announce = Announce {
    new: true,
    updates: true,
};

pub(crate) fn entry(id: &str, hash: &str) -> Entry {
    Entry {
        title: Some(format!("title {id}")),
        ..Entry::new(id, hash)
    }
}

pub(crate) fn sub(node: &str, jid: &str, contact: bool) -> Subscription {
    Subscription {
        node: node.into(),
        jid: jid.into(),
        deliver: true,
        show_values: None,
        created: 1,
        mode: Mode::Pubsub,
        contact,
        include_body: true,
        suspended: false,
        filter: Filter::default(),
        digest: Digest::Off,
        digest_at: 0,
    }
}

fn push_node(s: &dyn Store, node: &str) {
    s.ensure_feed(FeedState::push(node, None, Origin::Push))
        .unwrap();
}

fn ids(items: &[StoredItem]) -> Vec<&str> {
    items.iter().map(|i| i.entry.id.as_str()).collect()
}

// ----- round trips of the indexed queries -----

pub(crate) fn feed_by_normalised_url_and_other_feed_indexes<B: Backend>() {
    let dir = tempfile::tempdir().unwrap();
    let s = B::open(dir.path());
    let url = "http://Example.ORG:80/feed?token=secret";
    s.ensure_feed(FeedState::new("Alpha", url, None, Origin::Config))
        .unwrap();
    let user = Origin::User {
        owner: "a@x".into(),
    };
    s.ensure_feed(FeedState::new("beta", "https://example.net/b", None, user))
        .unwrap();
    let normal = crate::net::normalize_url(url).unwrap().to_string();
    assert_eq!(s.feed_by_url(&normal).unwrap().node, "Alpha");
    let other = crate::net::normalize_url("https://EXAMPLE.net/b").unwrap();
    assert_eq!(s.feed_by_url(other.as_str()).unwrap().node, "beta");
    assert!(s.feed_by_url("http://example.org/other").is_none());
    let shown = crate::net::redact_str(url);
    assert!(shown.contains(crate::net::REDACTED), "{shown}");
    assert_eq!(ids_of(&s.feeds_shown_as(&shown)), ["Alpha"]);
    assert_eq!(s.feed_folded("alpha").unwrap().node, "Alpha");
    assert!(s.feed_folded("gamma").is_none());
    assert_eq!((s.feed_count(true), s.feed_count(false)), (2, 1));
    assert_eq!(s.user_feed_count().unwrap(), 1);
    assert_eq!(
        s.user_feed_slots("a@x").unwrap(),
        1,
        "added, nobody follows"
    );
    assert_eq!(s.user_feed_slots("b@x").unwrap(), 0);
    // Written back by a poll, the feed keeps its node options; removed, it is gone everywhere.
    let mut opts = s.feed("Alpha").unwrap().unwrap().options;
    opts.max_items = Some(3);
    s.set_node_options("Alpha", &opts).unwrap();
    let mut polled = s.feed("Alpha").unwrap().unwrap();
    polled.options = Default::default();
    polled.error_count = 2;
    s.put_feed(&polled).unwrap();
    let got = s.feed("Alpha").unwrap().unwrap();
    assert_eq!((got.error_count, got.options.max_items), (2, Some(3)));
    assert_eq!(s.feed_options("Alpha").unwrap().max_items, Some(3));
    s.remove_feed("Alpha").unwrap();
    assert!(s.feed_by_url(&normal).is_none() && s.feed("Alpha").unwrap().is_none());
    assert!(s.feeds_shown_as(&shown).is_empty() && s.feed_folded("alpha").is_none());
    let mut gone = polled.clone();
    gone.error_count = 9;
    assert!(
        !s.update_feed(&gone).unwrap(),
        "a removed feed is not written back"
    );
    assert!(s.feed("Alpha").unwrap().is_none());
}

fn ids_of(feeds: &[FeedState]) -> Vec<&str> {
    feeds.iter().map(|f| f.node.as_str()).collect()
}

pub(crate) fn nodes_page_walks_every_node_once<B: Backend>() {
    let dir = tempfile::tempdir().unwrap();
    let s = B::open(dir.path());
    let mut own = Vec::new();
    for i in 0..25 {
        let node = format!("n{i:02}");
        let origin = if i % 5 == 0 {
            Origin::User {
                owner: "a@x".into(),
            }
        } else {
            own.push(node.clone());
            Origin::Config
        };
        let url = format!("http://example.org/{i}");
        s.ensure_feed(FeedState::new(&node, &url, None, origin))
            .unwrap();
    }
    for users in [true, false] {
        let mut seen = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = s.feeds_page(after.as_deref(), 0, 10, users);
            assert!(page.len() <= 10);
            let Some(last) = page.last() else { break };
            after = Some(last.node.clone());
            seen.extend(page.into_iter().map(|f| f.node));
        }
        let want: Vec<String> = if users {
            (0..25).map(|i| format!("n{i:02}")).collect()
        } else {
            own.clone()
        };
        assert_eq!(seen, want, "users: {users}");
    }
    let skipped = s.feeds_page(Some("n03"), 2, 3, true);
    assert_eq!(ids_of(&skipped), ["n06", "n07", "n08"]);
    assert_eq!(s.feeds().unwrap().len(), 25);
}

pub(crate) fn subscribers_come_by_page_in_jid_order<B: Backend>() {
    let dir = tempfile::tempdir().unwrap();
    let s = B::open(dir.path());
    push_node(&*s, "n");
    let jids: Vec<String> = [5, 1, 4, 2, 6, 0, 3]
        .iter()
        .map(|i| format!("u{i}@x.example"))
        .collect();
    for j in &jids {
        s.put_subscription(&sub("n", j, j.starts_with("u1")))
            .unwrap();
    }
    s.put_subscription(&sub("n", &jids[0], false)).unwrap();
    s.put_subscription(&sub("m", "u9@y.example", false))
        .unwrap();
    assert_eq!(s.subscriber_count("n"), 7, "stored again is one");
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = s.subscribers("n", after.as_deref(), 3).unwrap();
        let Some(last) = page.last() else { break };
        after = Some(last.jid.clone());
        seen.extend(page.into_iter().map(|p| p.jid));
    }
    let mut want = jids.clone();
    want.sort();
    assert_eq!(seen, want);
    assert_eq!(s.domain_subscriptions("x.example"), 7);
    assert_eq!(s.domain_subscriptions("y.example"), 1);
    assert_eq!(s.contact_jids("n").unwrap(), ["u1@x.example"]);
    assert_eq!(
        s.contact_subscribers().unwrap(),
        [("n".to_owned(), "u1@x.example".to_owned())]
    );
    assert!(s.unsubscribe("n", "u4@x.example").unwrap());
    assert!(!s.unsubscribe("n", "u4@x.example").unwrap());
    assert!(s.subscription("n", "u4@x.example").unwrap().is_none());
    assert_eq!(s.subscriber_count("n"), 6);
    assert_eq!(s.domain_subscriptions("x.example"), 6);
    assert_eq!(s.stats().unwrap().subscriptions, 7);
}

/// A batch's subscriptions read and written at once: the same as one at a time.
pub(crate) fn subscriptions_read_and_written_by_the_batch<B: Backend>() {
    let dir = tempfile::tempdir().unwrap();
    let s = B::open(dir.path());
    s.put_subscription(&sub("n", "b@x.example", false)).unwrap();
    let mut first = sub("n", "c@x.example", false);
    first.deliver = false;
    let mut again = first.clone();
    again.deliver = true;
    again.contact = true;
    // A new one, one changed, the same node and JID twice (the last wins), another node.
    let batch = [
        sub("n", "a@x.example", false),
        sub("n", "b@x.example", true),
        first,
        again.clone(),
        sub("m", "a@y.example", false),
    ];
    s.put_subscriptions(&batch).unwrap();
    s.put_subscriptions(&[]).unwrap();
    assert_eq!(s.subscriber_count("n"), 3);
    assert_eq!(s.domain_subscriptions("x.example"), 3);
    assert_eq!(s.domain_subscriptions("y.example"), 1);
    assert_eq!(
        s.subscription("n", "c@x.example").unwrap(),
        Some(again.clone())
    );
    assert_eq!(s.contact_jids("n").unwrap(), ["b@x.example", "c@x.example"]);
    assert_eq!(s.stats().unwrap().subscriptions, 4);
    let keys: Vec<(String, String)> = [
        ("n", "c@x.example"),
        ("n", "z@x.example"),
        ("m", "a@y.example"),
        ("n", "c@x.example"),
        ("nothing", "a@y.example"),
    ]
    .iter()
    .map(|(n, j)| (n.to_string(), j.to_string()))
    .collect();
    let found = s.subscriptions_among(&keys).unwrap();
    let one_by_one: Vec<Option<Subscription>> = keys
        .iter()
        .map(|(n, j)| s.subscription(n, j).unwrap())
        .collect();
    assert_eq!(found, one_by_one);
    assert_eq!(found[0], Some(again));
    assert!(found[1].is_none() && found[2].is_some() && found[4].is_none());
    assert!(s.subscriptions_among(&[]).unwrap().is_empty());
}

pub(crate) fn a_jids_slots_and_subscriptions<B: Backend>() {
    let dir = tempfile::tempdir().unwrap();
    let s = B::open(dir.path());
    let user = |n: &str| {
        let url = format!("http://example.org/{n}");
        let owner = Origin::User {
            owner: "a@x".into(),
        };
        FeedState::new(n, &url, None, owner)
    };
    for n in ["u1", "u2"] {
        s.ensure_feed(user(n)).unwrap();
    }
    for n in ["e", "b", "d", "u1", "a", "c"] {
        s.put_subscription(&sub(n, "a@x", false)).unwrap();
    }
    assert_eq!(s.subscribed_nodes("a@x", 3).unwrap(), ["a", "b", "c"]);
    assert_eq!(s.subscribed_nodes("a@x", 100).unwrap().len(), 6);
    let of: Vec<String> = s
        .subscriptions_of("a@x")
        .unwrap()
        .into_iter()
        .map(|x| x.node)
        .collect();
    assert_eq!(of, ["a", "b", "c", "d", "e", "u1"]);
    assert!(s.is_subscriber("a@x").unwrap() && !s.is_subscriber("b@x").unwrap());
    // Follows u1; added u2, which nobody follows: two slots.
    assert_eq!(s.user_feed_slots("a@x").unwrap(), 2);
    s.unsubscribe("u1", "a@x").unwrap();
    s.mark_followed("u1", 1_000).unwrap();
    s.mark_followed("u2", 1_000).unwrap();
    assert!(s.remove_idle_user_feeds(1_500, 1_000).unwrap().is_empty());
    let mut gone = s.remove_idle_user_feeds(5_000, 1_000).unwrap();
    gone.sort();
    assert_eq!(gone, ["u1", "u2"]);
    assert_eq!(s.user_feed_slots("a@x").unwrap(), 0);
    assert_eq!(
        s.subscribed_nodes("a@x", 100).unwrap(),
        ["a", "b", "c", "d", "e"]
    );
}

pub(crate) fn feeds_come_back_with_their_due_times<B: Backend>() {
    let dir = tempfile::tempdir().unwrap();
    {
        let s = B::open(dir.path());
        for (node, due) in [("a", 300), ("b", 100), ("c", 200)] {
            let url = format!("http://example.org/{node}");
            let mut f = FeedState::new(node, &url, None, Origin::Config);
            f.next_due = Some(due);
            s.put_feed(&f).unwrap();
        }
        // A quiet poll: its times are seen at once, written by persist_touched.
        let mut a = s.feed("a").unwrap().unwrap();
        a.next_due = Some(50);
        a.last_fetch = Some(40);
        s.touch_feed(&a);
        assert_eq!(s.feed("a").unwrap().unwrap().next_due, Some(50));
        assert!(s.persist_touched().unwrap() >= 1);
        s.flush().unwrap();
    }
    let s = B::open(dir.path());
    let mut due: Vec<(i64, String)> = s
        .feeds()
        .unwrap()
        .into_iter()
        .map(|f| (f.next_due.unwrap(), f.node))
        .collect();
    assert_eq!(
        due.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>(),
        ["a", "b", "c"],
        "by node"
    );
    due.sort();
    assert_eq!(
        due,
        [(50, "a".into()), (100, "b".into()), (200, "c".into())]
    );
}

/// A caller that names an id both among the entries and among the unchanged ids (the
/// normaliser never does) still has the fetch written: the entry wins (on PostgreSQL the two
/// seen-id writes of one statement would otherwise meet on one row and fail the fetch).
pub(crate) fn an_id_both_converted_and_unchanged_is_written_once<B: Backend>() {
    let dir = tempfile::tempdir().unwrap();
    let s = B::open(dir.path());
    let f = s
        .ensure_feed(FeedState::new(
            "f",
            "http://example.org/f",
            None,
            Origin::Config,
        ))
        .unwrap();
    s.apply_fetch(&f, &[entry("1", "h")], &[], 1, KEEP, ALL)
        .unwrap();
    // Days later (seen times due for their refresh): "1" updated and also named unchanged,
    // "2" new and also named unchanged.
    let later = 1 + 3 * 24 * 3600 * 1000;
    let a = s
        .apply_fetch(
            &f,
            &[entry("2", "h"), entry("1", "h1")],
            &["2".to_owned(), "1".to_owned()],
            later,
            KEEP,
            ALL,
        )
        .unwrap();
    assert_eq!(ids(&a.new), ["2"]);
    assert_eq!(ids(&a.updated), ["1"]);
    assert_eq!(s.item_count("f"), 2);
    assert_eq!(
        s.known_unchanged("f", &[("1", "h1"), ("2", "h")]),
        [true, true]
    );
}

pub(crate) fn items_page_by_number_and_survive_a_reopen<B: Backend>() {
    let dir = tempfile::tempdir().unwrap();
    let before_purge;
    {
        let s = B::open(dir.path());
        let url = "http://example.org/f";
        let f = s
            .ensure_feed(FeedState::new("f", url, None, Origin::Config))
            .unwrap();
        let doc: Vec<Entry> = (0..5).rev().map(|i| entry(&i.to_string(), "h")).collect();
        let a = s.apply_fetch(&f, &doc, &[], 1, KEEP, ALL).unwrap();
        assert_eq!(ids(&a.new), ["0", "1", "2", "3", "4"], "oldest first");
        assert!(a.new.windows(2).all(|w| w[0].seq < w[1].seq));
        let first = s.items("f", 2, None).unwrap();
        assert_eq!(ids(&first), ["4", "3"]);
        assert_eq!(
            ids(&s.items("f", 2, Some(first[1].seq)).unwrap()),
            ["2", "1"]
        );
        let it = s.item("f", "2").unwrap().unwrap();
        assert_eq!(s.item_by_seq("f", it.seq).unwrap().as_ref(), Some(&it));
        assert_eq!(s.item_hash("f", "2").unwrap().as_deref(), Some("h"));
        assert_eq!(
            s.known_unchanged("f", &[("2", "h"), ("2", "other"), ("9", "h"), ("1", "h")]),
            [true, false, false, true]
        );
        assert_eq!(s.item_count("f"), 5);
        // Unchanged ids again, one updated: nothing new, the update keeps its number.
        let mut again = doc.clone();
        again[0] = entry("4", "h2");
        let b = s.apply_fetch(&f, &again, &[], 2, KEEP, ALL).unwrap();
        assert!(b.new.is_empty());
        assert_eq!(ids(&b.updated), ["4"]);
        assert_eq!(b.updated[0].seq, first[0].seq);
        assert_eq!(s.items_changed("f").unwrap(), Some(2));
        before_purge = s.items("f", 100, None).unwrap();
        assert_eq!(s.purge("f", false, true, 3).unwrap(), 5);
        s.flush().unwrap();
    }
    let s = B::open(dir.path());
    assert!(s.items("f", 100, None).unwrap().is_empty());
    let f = s.feed("f").unwrap().unwrap();
    let doc = [entry("4", "h2"), entry("new", "h")];
    let c = s.apply_fetch(&f, &doc, &[], 4, KEEP, ALL).unwrap();
    assert_eq!(
        ids(&c.new),
        ["new"],
        "a purged entry still listed is not new"
    );
    let highest = before_purge.iter().map(|i| i.seq).max().unwrap();
    assert!(c.new[0].seq > highest, "numbers are never reused");
}

pub(crate) fn the_outbox_is_first_in_first_out<B: Backend>() {
    let dir = tempfile::tempdir().unwrap();
    let s = B::open(dir.path());
    for n in ["p", "q"] {
        push_node(&*s, n);
    }
    let mut order = Vec::new();
    for i in 0..6 {
        let node = if i % 2 == 0 { "p" } else { "q" };
        let p = s
            .publish(node, &entry(&format!("i{i}"), "h"), i, KEEP, ALL, false)
            .unwrap();
        order.push((node.to_owned(), p.item().seq));
    }
    assert!(s.retract("p", "i0", true, false, 9).unwrap().is_some());
    let jobs = s.jobs(100).unwrap();
    assert_eq!(s.outbox_len(), jobs.len());
    assert!(jobs.windows(2).all(|w| w[0].key < w[1].key), "oldest first");
    let items: Vec<(String, u64)> = jobs
        .iter()
        .filter(|j| j.event == Event::Item)
        .map(|j| (j.node.clone(), j.item_seq))
        .collect();
    assert_eq!(items, order[1..], "i0's job went with its retraction");
    assert!(jobs
        .iter()
        .all(|j| j.event != Event::Item || j.key == j.item_seq));
    let last = jobs.last().unwrap();
    assert_eq!(last.event, Event::Retract { id: "i0".into() });
    // An update's job replaces the pending one of its item.
    s.publish("q", &entry("i1", "h2"), 10, KEEP, ALL, false)
        .unwrap();
    assert_eq!(s.jobs(100).unwrap().len(), jobs.len());
    // A cursor is kept; a finished job is gone.
    let first = s.jobs(1).unwrap().remove(0);
    s.advance_job(&first, "m@x").unwrap();
    assert_eq!(s.jobs(1).unwrap()[0].after.as_deref(), Some("m@x"));
    s.finish_job(&first).unwrap();
    assert_eq!(s.jobs(100).unwrap().len(), jobs.len() - 1);
    assert_eq!(s.stats().unwrap().outbox_pending, (jobs.len() - 1) as u64);
    // A round's items at once: as one at a time, in the order asked, none for a gone one.
    let mut asked = items.clone();
    asked.insert(1, ("p".to_owned(), 1 << 60));
    asked.push(("gone".to_owned(), items[0].1));
    let one_by_one: Vec<Option<StoredItem>> = asked
        .iter()
        .map(|(n, seq)| s.item_for_job(n, *seq).unwrap())
        .collect();
    let together = s.items_for_jobs(&asked).unwrap();
    assert_eq!(together, one_by_one);
    assert!(together[0].is_some() && together[1].is_none() && together[asked.len() - 1].is_none());
    assert!(s.items_for_jobs(&[]).unwrap().is_empty());
    // A round's finished jobs at once.
    let rest = s.jobs(100).unwrap();
    s.finish_jobs(&rest).unwrap();
    assert_eq!(s.outbox_len(), 0);
}

pub(crate) fn a_backlog_holds_and_releases<B: Backend>() {
    let dir = tempfile::tempdir().unwrap();
    let s = B::open(dir.path());
    push_node(&*s, "p");
    s.put_subscription(&sub("p", "c@x", true)).unwrap();
    let mut held = Vec::new();
    for i in 0..5 {
        let p = s
            .publish("p", &entry(&format!("i{i}"), "h"), i, KEEP, ALL, false)
            .unwrap();
        s.hold("c@x", "p", p.item(), 100 + i, 3).unwrap();
        held.push(p.item().clone());
    }
    assert!(s.has_backlog("c@x") && !s.has_backlog("d@x"));
    assert_eq!(s.backlog_jids().unwrap(), ["c@x"]);
    let b = s.backlog("c@x").unwrap();
    let got: Vec<&Held> = b.held.iter().collect();
    assert_eq!(
        got.iter()
            .map(|h| h.item.entry.id.as_str())
            .collect::<Vec<_>>(),
        ["i2", "i3", "i4"],
        "the newest three, oldest first"
    );
    assert_eq!(b.skipped, [("p".to_owned(), 2)]);
    s.release("c@x", &b).unwrap();
    assert!(!s.has_backlog("c@x"));
    assert!(s.backlog_jids().unwrap().is_empty());
}

// ----- crash order -----

/// The writer's side of a crash test, in the child: `ack` prints one acknowledged fact.
type Writer = fn(&dyn Store, &mut dyn FnMut(String));

/// Run `writer` in a child process (this binary, on `test` alone), read its acknowledgements
/// until `enough` says so, kill it with SIGKILL and open the store again. `None` in the child
/// itself (which never returns from here).
fn crash<B: Backend>(
    test: &str,
    writer: Writer,
    enough: impl Fn(&[String]) -> bool,
) -> Option<(Arc<dyn Store>, Vec<String>, tempfile::TempDir)> {
    if let Ok(dir) = std::env::var(CHILD_DIR) {
        let s = B::open(Path::new(&dir));
        let mut ack = |line: String| {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "acked {line}");
            let _ = out.flush();
        };
        writer(&*s, &mut ack);
        loop {
            std::thread::sleep(Duration::from_secs(1)); // until killed
        }
    }
    let dir = tempfile::tempdir().unwrap();
    B::prepare(dir.path());
    let name = test.split_once("::").map_or(test, |(_, rest)| rest);
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_DIR, dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            // libtest's "test … ... " may start the first line.
            if let Some((_, fact)) = line.split_once("acked ") {
                if tx.send(fact.to_owned()).is_err() {
                    break;
                }
            }
        }
    });
    let mut acked = Vec::new();
    let deadline = std::time::Instant::now() + CHILD_WAIT;
    while !enough(&acked) {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match rx.recv_timeout(left) {
            Ok(fact) => acked.push(fact),
            Err(e) => {
                let _ = child.kill();
                panic!("the writer stopped before acknowledging enough ({e}): {acked:?}");
            }
        }
    }
    child.kill().unwrap(); // SIGKILL: no flush, no drop
    child.wait().unwrap();
    let s = B::open(dir.path());
    Some((s, acked, dir))
}

fn crash_writer_subscribe_and_publish(s: &dyn Store, ack: &mut dyn FnMut(String)) {
    push_node(s, "p");
    s.put_subscription(&sub("p", "a@x", false)).unwrap();
    let p = s
        .publish("p", &entry("i1", "h"), 1, KEEP, ALL, false)
        .unwrap();
    s.flush().unwrap();
    ack(p.item().seq.to_string());
    // More writes, never acknowledged, until the kill.
    for i in 0..1_000_000u64 {
        s.put_subscription(&sub("p", &format!("u{i}@x"), false))
            .unwrap();
        s.publish("p", &entry(&format!("u{i}"), "h"), 2, KEEP, ALL, false)
            .unwrap();
    }
}

pub(crate) fn crash_after_an_acknowledged_subscribe_and_publish<B: Backend>(test: &str) {
    let Some((s, acked, _dir)) =
        crash::<B>(test, crash_writer_subscribe_and_publish, |a| !a.is_empty())
    else {
        return;
    };
    let seq: u64 = acked[0].parse().unwrap();
    assert!(
        s.subscription("p", "a@x").unwrap().is_some(),
        "subscription lost"
    );
    assert_eq!(s.subscriptions_of("a@x").unwrap().len(), 1);
    assert!(s.is_subscriber("a@x").unwrap());
    let item = s.item("p", "i1").unwrap().expect("acknowledged item lost");
    assert_eq!(item.seq, seq);
    assert!(
        s.jobs(KEEP).unwrap().iter().any(|j| j.item_seq == seq),
        "its announcement lost"
    );
    assert!(s.feed("p").unwrap().is_some());
    // What the unacknowledged writes left is consistent: every listed item is found by number,
    // once; every subscription counted is listed.
    assert_consistent_after_crash(&*s, "p");
    let listed = s.subscribers("p", None, KEEP).unwrap().len();
    assert_eq!(s.subscriber_count("p"), listed);
}

/// The node's items, checked: numbers unique and in order, no id twice, each found by its
/// number.
fn numbered_items(s: &dyn Store, node: &str) -> Vec<StoredItem> {
    let items = s.items(node, KEEP, None).unwrap();
    assert!(
        items.windows(2).all(|w| w[0].seq > w[1].seq),
        "numbers unique, in order"
    );
    let unique: BTreeSet<&str> = ids(&items).into_iter().collect();
    assert_eq!(unique.len(), items.len(), "an id stored twice");
    for it in &items {
        assert_eq!(s.item_by_seq(node, it.seq).unwrap().as_ref(), Some(it));
    }
    items
}

/// What committed writes leave: [`numbered_items`], each also found by its id, and counted.
fn assert_consistent(s: &dyn Store, node: &str) {
    let items = numbered_items(s, node);
    for it in &items {
        assert_eq!(s.item(node, &it.entry.id).unwrap().as_ref(), Some(it));
    }
    assert_eq!(s.item_count(node), items.len());
}

/// What a crash may leave of unacknowledged writes, by the contract: listed items are unique
/// by number and id and found by number; one the crash left without its id record is not
/// found by id yet (a later fetch or publish of that id takes it back, keeping its number).
fn assert_consistent_after_crash(s: &dyn Store, node: &str) {
    for it in &numbered_items(s, node) {
        if let Some(by_id) = s.item(node, &it.entry.id).unwrap() {
            assert_eq!(&by_id, it);
        } else {
            let again = s.publish(node, &it.entry, 9, KEEP, ALL, false).unwrap();
            assert_eq!(again.item().seq, it.seq, "a leftover item is taken back");
        }
    }
}

/// Acknowledged every [`BATCH`] publishes: `id seq` per item.
fn crash_writer_publish_stream(s: &dyn Store, ack: &mut dyn FnMut(String)) {
    const BATCH: u64 = 5;
    push_node(s, "p");
    let mut pending = Vec::new();
    for i in 0..1_000_000u64 {
        let id = format!("e{i}");
        let p = s
            .publish("p", &entry(&id, "h"), 1, KEEP, ALL, false)
            .unwrap();
        pending.push(format!("{id} {}", p.item().seq));
        if i % BATCH == BATCH - 1 {
            s.flush().unwrap();
            for line in pending.drain(..) {
                ack(line);
            }
        }
    }
}

pub(crate) fn crash_mid_stream_keeps_every_acknowledged_publish<B: Backend>(test: &str) {
    let Some((s, acked, _dir)) = crash::<B>(test, crash_writer_publish_stream, |a| a.len() >= 50)
    else {
        return;
    };
    let mut highest = 0;
    for line in &acked {
        let (id, seq) = line.split_once(' ').unwrap();
        let seq: u64 = seq.parse().unwrap();
        let it = s.item("p", id).unwrap();
        assert_eq!(it.map(|i| i.seq), Some(seq), "acknowledged {id} lost");
        highest = highest.max(seq);
    }
    assert_consistent_after_crash(&*s, "p");
    let stored = s.items("p", KEEP, None).unwrap();
    highest = highest.max(stored.first().map_or(0, |i| i.seq));
    // After the crash, numbers go on above every number given before it.
    let p = s
        .publish("p", &entry("after", "h"), 2, KEEP, ALL, false)
        .unwrap();
    assert!(matches!(p, Published::New(_)));
    assert!(p.item().seq > highest, "a number given again after a crash");
}

// ----- concurrency -----

pub(crate) fn concurrent_publishers_on_one_node_store_each_item_once<B: Backend>() {
    const WRITERS: usize = 4;
    const EACH: usize = 50;
    let dir = tempfile::tempdir().unwrap();
    let s = B::open(dir.path());
    push_node(&*s, "p");
    let start = Arc::new(std::sync::Barrier::new(WRITERS + 2));
    let mut threads = Vec::new();
    // Distinct ids from WRITERS threads; the same ids (same content) from two more.
    for t in 0..WRITERS + 2 {
        let (s, start) = (s.clone(), start.clone());
        threads.push(std::thread::spawn(move || {
            start.wait();
            (0..EACH)
                .map(|i| {
                    let id = match t {
                        t if t < WRITERS => format!("t{t}-{i}"),
                        _ => format!("shared-{i}"),
                    };
                    let p = s
                        .publish("p", &entry(&id, "h"), 1, KEEP, ALL, false)
                        .unwrap();
                    (id, p)
                })
                .collect::<Vec<_>>()
        }));
    }
    let results: Vec<Vec<(String, Published)>> =
        threads.into_iter().map(|t| t.join().unwrap()).collect();
    let mut stored: HashMap<String, u64> = HashMap::new();
    let mut new_seqs = BTreeSet::new();
    for r in &results {
        let seqs: Vec<u64> = r.iter().map(|(_, p)| p.item().seq).collect();
        let own_new: Vec<u64> = r
            .iter()
            .filter(|(_, p)| matches!(p, Published::New(_)))
            .map(|(_, p)| p.item().seq)
            .collect();
        assert!(
            own_new.windows(2).all(|w| w[0] < w[1]),
            "numbers in commit order"
        );
        for ((id, p), seq) in r.iter().zip(seqs) {
            if let Published::New(_) = p {
                assert!(new_seqs.insert(seq), "number {seq} given twice");
                assert!(
                    stored.insert(id.clone(), seq).is_none(),
                    "{id} stored twice"
                );
            }
        }
    }
    for (id, p) in results[WRITERS].iter().chain(&results[WRITERS + 1]) {
        match p {
            Published::New(i) | Published::Unchanged(i) => assert_eq!(stored[id], i.seq),
            Published::Updated(_) => panic!("{id}: the same content is no update"),
        }
    }
    let total = WRITERS * EACH + EACH;
    assert_eq!(stored.len(), total, "every acknowledged item stored");
    assert_consistent(&*s, "p");
    let items = s.items("p", KEEP, None).unwrap();
    assert_eq!(items.len(), total);
    for it in &items {
        assert_eq!(stored.get(&it.entry.id), Some(&it.seq));
    }
    let jobs = s.jobs(KEEP).unwrap();
    assert!(jobs.windows(2).all(|w| w[0].key < w[1].key));
    let job_seqs: BTreeSet<u64> = jobs
        .iter()
        .filter(|j| j.node == "p" && j.event == Event::Item)
        .map(|j| {
            assert_eq!(j.key, j.item_seq);
            j.item_seq
        })
        .collect();
    assert_eq!(
        job_seqs, new_seqs,
        "one job per stored item, none for the same again"
    );
    assert_eq!(jobs.len(), total);
}

/// An entry large enough that storing it takes a while (a wider window for a reader that does
/// not wait for the node's turn).
fn big_entry(id: &str) -> Entry {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15 ^ id.len() as u64;
    let text: String = (0..BIG_ENTRY_CHARS)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            char::from(b'a' + (x % 26) as u8)
        })
        .collect();
    Entry {
        title: Some(text),
        ..Entry::new(id, "h")
    }
}

/// Characters of [`big_entry`]'s title.
const BIG_ENTRY_CHARS: usize = 64 << 10;

pub(crate) fn numbers_are_given_under_the_nodes_lock<B: Backend>() {
    const ROUNDS: usize = 200;
    const PURGE_EVERY: usize = 40;
    let dir = tempfile::tempdir().unwrap();
    let s = B::open(dir.path());
    push_node(&*s, "p");
    let done = Arc::new(AtomicBool::new(false));
    let purges = Arc::new(AtomicU64::new(0));
    // A publishes ids it never retracts; B publishes and retracts its own, and purges.
    let a = {
        let s = s.clone();
        std::thread::spawn(move || {
            (0..ROUNDS)
                .map(|i| {
                    let p = s.publish("p", &big_entry(&format!("a{i}")), 1, KEEP, ALL, false);
                    p.unwrap().item().seq
                })
                .collect::<Vec<u64>>()
        })
    };
    let b = {
        let (s, purges) = (s.clone(), purges.clone());
        std::thread::spawn(move || {
            let mut seqs = Vec::new();
            for i in 0..ROUNDS {
                let id = format!("b{i}");
                let p = s
                    .publish("p", &entry(&id, "h"), 1, KEEP, ALL, false)
                    .unwrap();
                seqs.push(p.item().seq);
                let gone = s.retract("p", &id, true, false, 2).unwrap();
                assert_eq!(gone.map(|g| g.seq), Some(p.item().seq));
                if i % PURGE_EVERY == PURGE_EVERY - 1 {
                    s.purge("p", true, false, 3).unwrap();
                    purges.fetch_add(1, Ordering::SeqCst);
                }
            }
            seqs
        })
    };
    // The reader: what the drain and a page of items see meanwhile.
    let reader = {
        let (s, done) = (s.clone(), done.clone());
        std::thread::spawn(move || {
            let mut by_seq: BTreeMap<u64, String> = BTreeMap::new();
            let mut missing = BTreeSet::new();
            let mut note = |seq: u64, id: &str| {
                let known = by_seq.entry(seq).or_insert_with(|| id.to_owned());
                assert_eq!(known, id, "number {seq} reused");
            };
            while !done.load(Ordering::SeqCst) {
                // Newest first: a job just written is asked for its item at once.
                for j in s.jobs(KEEP).unwrap().into_iter().rev() {
                    if j.node != "p" || j.event != Event::Item {
                        continue;
                    }
                    match s.item_for_job("p", j.item_seq).unwrap() {
                        Some(it) => {
                            assert_eq!(it.seq, j.item_seq);
                            note(it.seq, &it.entry.id);
                        }
                        None => {
                            missing.insert(j.item_seq);
                        }
                    }
                }
                let page = s.items("p", KEEP, None).unwrap();
                assert!(
                    page.windows(2).all(|w| w[0].seq > w[1].seq),
                    "numbers twice"
                );
                for it in &page {
                    note(it.seq, &it.entry.id);
                }
            }
            missing
        })
    };
    let a_seqs = a.join().unwrap();
    let b_seqs = b.join().unwrap();
    done.store(true, Ordering::SeqCst);
    let missing = reader.join().unwrap();
    assert_eq!(purges.load(Ordering::SeqCst), (ROUNDS / PURGE_EVERY) as u64);
    let all: BTreeSet<u64> = a_seqs.iter().chain(&b_seqs).copied().collect();
    assert_eq!(all.len(), 2 * ROUNDS, "a number given twice");
    assert!(a_seqs.windows(2).all(|w| w[0] < w[1]));
    assert!(b_seqs.windows(2).all(|w| w[0] < w[1]));
    // A job whose item the reader did not find was of an item gone for good, not one on its way.
    for seq in &missing {
        assert!(
            s.item_by_seq("p", *seq).unwrap().is_none(),
            "item {seq} came later"
        );
    }
    assert_consistent(&*s, "p");
    for it in s.items("p", KEEP, None).unwrap() {
        assert!(all.contains(&it.seq) && it.entry.id.starts_with('a'));
    }
    let p = s
        .publish("p", &entry("last", "h"), 4, KEEP, ALL, false)
        .unwrap();
    assert!(p.item().seq > *all.last().unwrap(), "a number given again");
}

/// The suite's tests for one backend: `contract_suite!(name, Harness)` makes `mod name` with
/// one `#[test]` per case.
macro_rules! contract_suite {
    ($name:ident, $backend:ty) => {
        mod $name {
            use super::*;

            contract_suite!(@plain $backend,
                feed_by_normalised_url_and_other_feed_indexes,
                nodes_page_walks_every_node_once,
                subscribers_come_by_page_in_jid_order,
                subscriptions_read_and_written_by_the_batch,
                a_jids_slots_and_subscriptions,
                feeds_come_back_with_their_due_times,
                items_page_by_number_and_survive_a_reopen,
                an_id_both_converted_and_unchanged_is_written_once,
                the_outbox_is_first_in_first_out,
                a_backlog_holds_and_releases,
                concurrent_publishers_on_one_node_store_each_item_once,
                numbers_are_given_under_the_nodes_lock);
            contract_suite!(@named $backend,
                crash_after_an_acknowledged_subscribe_and_publish,
                crash_mid_stream_keeps_every_acknowledged_publish);
        }
    };
    (@plain $backend:ty, $($case:ident),*) => {$(
        #[test]
        fn $case() {
            super::$case::<$backend>();
        }
    )*};
    (@named $backend:ty, $($case:ident),*) => {$(
        #[test]
        fn $case() {
            super::$case::<$backend>(concat!(module_path!(), "::", stringify!($case)));
        }
    )*};
}

/// The embedded backend, in the test's directory.
struct Sled;

impl Backend for Sled {
    fn open(dir: &Path) -> Arc<dyn Store> {
        Arc::new(super::sled::SledStore::open(dir).unwrap())
    }
}

contract_suite!(sled, Sled);

/// The PostgreSQL backend, on a database of its own on the test server
/// ([`super::postgres::testdb`]).
struct Postgres;

impl Backend for Postgres {
    fn open(dir: &Path) -> Arc<dyn Store> {
        let opts = super::postgres::PgOptions {
            url: super::postgres::testdb::database_for(dir),
            pool_size: 8,
            connect_timeout: Duration::from_secs(10),
        };
        Arc::new(super::postgres::PgStore::open(&opts).unwrap())
    }
    fn prepare(dir: &Path) {
        super::postgres::testdb::database_for(dir);
    }
}

contract_suite!(postgres, Postgres);
