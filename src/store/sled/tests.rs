//! The embedded backend's own tests: its crash-safe write order (what a kill -9 between
//! two writes of one operation leaves), its chunk layout, its lock; what every backend must
//! do is in [`crate::store::contract_suite`].

use super::*;
use crate::model::*;

#[test]
fn only_a_full_disk_is_waited_for() {
    let full = StoreError::from(sled::Error::Io(std::io::Error::from_raw_os_error(28)));
    assert!(full.is_out_of_space());
    let eio = StoreError::from(sled::Error::Io(std::io::Error::from_raw_os_error(5)));
    assert!(!eio.is_out_of_space());
}

fn item(id: &str, hash: &str) -> crate::model::Entry {
    crate::model::Entry {
        title: Some(format!("title {id}")),
        ..crate::model::Entry::new(id, hash)
    }
}

/// A subscription with default options, as the pubsub core makes one.
fn sub(s: &SledStore, node: &str, jid: &str, at: i64) {
    s.put_subscription(&Subscription {
        node: node.into(),
        jid: jid.into(),
        deliver: true,
        show_values: None,
        created: at,
        mode: Mode::Pubsub,
        contact: false,
        include_body: true,
        suspended: false,
        filter: Filter::default(),
        digest: Digest::Off,
        digest_at: 0,
    })
    .unwrap();
}

fn feed() -> FeedState {
    FeedState::new("n", "http://example.org/f", None, Origin::Config)
}

#[test]
fn user_feeds_nobody_follows_are_removed_once_idle() {
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path()).unwrap();
    let user = |n: &str| {
        FeedState::new(
            n,
            &format!("http://example.org/{n}"),
            None,
            Origin::User {
                owner: "a@x".into(),
            },
        )
    };
    s.ensure_feed(user("kept")).unwrap();
    s.ensure_feed(user("idle")).unwrap();
    s.ensure_feed(feed()).unwrap(); // configured: never removed
    sub(&s, "kept", "a@x", 0);
    sub(&s, "idle", "a@x", 0);
    s.apply_fetch(
        &user("idle"),
        &[item("e", "1")],
        &[],
        1,
        10,
        Announce {
            new: true,
            updates: false,
        },
    )
    .unwrap();
    s.unsubscribe("idle", "a@x").unwrap();
    s.mark_followed("idle", 1_000).unwrap();
    assert_eq!(s.user_feeds_followed_by("a@x").unwrap(), 1);
    assert_eq!(
        s.user_feed_slots("a@x").unwrap(),
        2,
        "the one it follows and the one it added that nobody follows"
    );
    assert_eq!(s.user_feed_slots("b@x").unwrap(), 0);
    assert_eq!(s.user_feed_count().unwrap(), 2);
    assert!(s.remove_idle_user_feeds(1_500, 1_000).unwrap().is_empty());
    // Somebody follows it again in between: the clock stops.
    sub(&s, "idle", "b@x", 1_600);
    s.mark_followed("idle", 1_600).unwrap();
    assert!(s.remove_idle_user_feeds(5_000, 1_000).unwrap().is_empty());
    s.unsubscribe("idle", "b@x").unwrap();
    s.mark_followed("idle", 6_000).unwrap();
    assert_eq!(s.remove_idle_user_feeds(7_000, 1_000).unwrap(), ["idle"]);
    assert!(s.feed("idle").unwrap().is_none());
    assert!(s.items("idle", 10, None).unwrap().is_empty());
    assert!(!s.is_seen("idle", "e").unwrap());
    assert!(s.jobs(10).unwrap().iter().all(|j| j.node != "idle"));
    assert!(s.feed("kept").unwrap().is_some() && s.feed("n").unwrap().is_some());
}

#[test]
fn new_updated_and_seen_ids() {
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path()).unwrap();
    s.ensure_feed(feed()).unwrap();
    let a = s
        .apply_fetch(
            &feed(),
            &[item("b", "1"), item("a", "1")],
            &[],
            1,
            10,
            Announce::default(),
        )
        .unwrap();
    assert_eq!(
        a.new
            .iter()
            .map(|i| i.entry.id.as_str())
            .collect::<Vec<_>>(),
        ["a", "b"]
    );
    let a = s
        .apply_fetch(
            &feed(),
            &[item("c", "1"), item("b", "2"), item("a", "1")],
            &[],
            2,
            10,
            Announce::default(),
        )
        .unwrap();
    assert_eq!(a.new.len(), 1);
    assert_eq!(a.new[0].entry.id, "c");
    assert_eq!(a.updated.len(), 1);
    assert_eq!(a.updated[0].entry.id, "b");
    let newest: Vec<_> = s
        .items("n", 10, None)
        .unwrap()
        .into_iter()
        .map(|i| i.entry.id)
        .collect();
    assert_eq!(newest, ["c", "b", "a"]);
    assert_eq!(s.feed("n").unwrap().unwrap(), feed());
}

#[test]
fn trimmed_items_never_come_back_as_new() {
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path()).unwrap();
    let doc = [item("c", "1"), item("b", "1"), item("a", "1")];
    assert_eq!(
        s.apply_fetch(&feed(), &doc, &[], 1, 2, Announce::default())
            .unwrap()
            .new
            .len(),
        3
    );
    assert_eq!(s.item_count("n"), 2);
    assert!(s.item("n", "a").unwrap().is_none());
    let again = s
        .apply_fetch(&feed(), &doc, &[], 2, 2, Announce::default())
        .unwrap();
    assert!(again.new.is_empty() && again.updated.is_empty());
}

#[test]
fn survives_reopen_and_pages() {
    let dir = tempfile::tempdir().unwrap();
    {
        let s = SledStore::open(dir.path()).unwrap();
        let doc: Vec<_> = (0..5).rev().map(|i| item(&i.to_string(), "h")).collect();
        s.apply_fetch(&feed(), &doc, &[], 1, 10, Announce::default())
            .unwrap();
        s.flush().unwrap();
    }
    let s = SledStore::open(dir.path()).unwrap();
    let first = s.items("n", 2, None).unwrap();
    assert_eq!(
        first
            .iter()
            .map(|i| i.entry.id.as_str())
            .collect::<Vec<_>>(),
        ["4", "3"]
    );
    let next = s.items("n", 2, Some(first[1].seq)).unwrap();
    assert_eq!(
        next.iter().map(|i| i.entry.id.as_str()).collect::<Vec<_>>(),
        ["2", "1"]
    );
    assert!(s.is_seen("n", "0").unwrap());
}

#[test]
fn subscriptions_are_counted_per_domain_and_recounted_at_open() {
    let dir = tempfile::tempdir().unwrap();
    {
        let s = SledStore::open(dir.path()).unwrap();
        sub(&s, "n", "a@remote.example", 1);
        sub(&s, "n", "a@remote.example", 1);
        sub(&s, "m", "a@remote.example", 1);
        sub(&s, "n", "b@remote.example", 1);
        sub(&s, "n", "c@other.example", 1);
        assert_eq!(
            s.domain_subscriptions("remote.example"),
            3,
            "a stored again is one"
        );
        assert_eq!(s.domain_subscriptions("other.example"), 1);
        assert_eq!(s.domain_subscriptions("nobody.example"), 0);
        assert!(s.unsubscribe("m", "a@remote.example").unwrap());
        assert!(!s.unsubscribe("m", "a@remote.example").unwrap());
        assert_eq!(s.domain_subscriptions("remote.example"), 2);
        // A node's removal unsubscribes its followers.
        sub(&s, "gone", "d@remote.example", 1);
        assert_eq!(s.domain_subscriptions("remote.example"), 3);
        s.unsubscribe("gone", "d@remote.example").unwrap();
        s.flush().unwrap();
    }
    let s = SledStore::open(dir.path()).unwrap();
    assert_eq!(s.domain_subscriptions("remote.example"), 2);
    assert_eq!(s.domain_subscriptions("other.example"), 1);
    assert_eq!(jid_domain("a@b.example"), "b.example");
    assert_eq!(jid_domain("b.example"), "b.example");
}

#[test]
fn subscriptions_and_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path()).unwrap();
    sub(&s, "n", "b@x", 1);
    sub(&s, "n", "b@x", 1);
    assert!(s.subscription("n", "b@x").unwrap().is_some());
    assert_eq!(s.subscriber_count("n"), 1, "storing it again adds nothing");
    sub(&s, "n", "a@x", 1);
    sub(&s, "m", "a@x", 1);
    let subs = s.subscribers("n", None, 10).unwrap();
    assert_eq!(
        subs.iter().map(|s| s.jid.as_str()).collect::<Vec<_>>(),
        ["a@x", "b@x"]
    );
    let rest = s.subscribers("n", Some("a@x"), 10).unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(s.subscriptions_of("a@x").unwrap().len(), 2);
    assert!(s.unsubscribe("n", "a@x").unwrap());
    assert!(!s.unsubscribe("n", "a@x").unwrap());
    let notify = Announce {
        new: true,
        updates: false,
    };
    s.apply_fetch(&feed(), &[item("a", "1")], &[], 1, 10, notify)
        .unwrap();
    let job = s.jobs(1).unwrap().remove(0);
    assert_eq!(
        s.item_by_seq("n", job.item_seq).unwrap().unwrap().entry.id,
        "a"
    );
    s.advance_job(&job, "b@x").unwrap();
    assert_eq!(s.jobs(1).unwrap().remove(0).after.as_deref(), Some("b@x"));
    s.finish_job(&job).unwrap();
    assert!(s.jobs(1).unwrap().is_empty());
}

#[test]
fn a_fetch_cut_off_before_its_items_is_new_again_and_its_job_finds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path()).unwrap();
    let notify = Announce {
        new: true,
        updates: false,
    };
    s.apply_fetch(&feed(), &[item("a", "1")], &[], 1, 10, notify)
        .unwrap();
    let job = s.jobs(1).unwrap().remove(0);
    // What a kill -9 between the outbox job and the items leaves behind.
    s.drop_node_items("n").unwrap();
    assert!(s.item_by_seq("n", job.item_seq).unwrap().is_none());
    assert!(!s.is_seen("n", "a").unwrap());
    let again = s
        .apply_fetch(&feed(), &[item("a", "1")], &[], 2, 10, notify)
        .unwrap();
    assert_eq!(again.new.len(), 1, "announced again, not lost");
    assert_eq!(s.item_count("n"), 1, "stored once");
    assert!(s.is_seen("n", "a").unwrap());
    // And from then on it is known.
    let third = s
        .apply_fetch(&feed(), &[item("a", "1")], &[], 3, 10, notify)
        .unwrap();
    assert!(third.new.is_empty());
}

#[test]
fn an_item_written_without_its_id_record_is_taken_back_not_stored_twice() {
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path()).unwrap();
    let notify = Announce {
        new: true,
        updates: false,
    };
    s.apply_fetch(&feed(), &[item("a", "1")], &[], 1, 10, notify)
        .unwrap();
    let job = s.jobs(1).unwrap().remove(0);
    s.finish_job(&job).unwrap();
    // What a kill -9 between the chunk and the id record leaves behind.
    s.node_items.remove(chunks::id_key("n", "a")).unwrap();
    let again = s
        .apply_fetch(&feed(), &[item("a", "1")], &[], 2, 10, notify)
        .unwrap();
    assert_eq!(again.new.len(), 1, "announced again, not lost");
    assert_eq!(
        again.new[0].seq, job.item_seq,
        "the leftover item is reused"
    );
    assert_eq!(s.item_count("n"), 1, "stored once");
    assert_eq!(s.items("n", 10, None).unwrap().len(), 1);
    let third = s
        .apply_fetch(&feed(), &[item("a", "1")], &[], 3, 10, notify)
        .unwrap();
    assert!(third.new.is_empty(), "and from then on it is known");
}

#[test]
fn items_left_without_id_records_in_several_chunks_are_all_taken_back() {
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path()).unwrap();
    let n = chunks::CHUNK_ITEMS + 5;
    let doc: Vec<_> = (0..n).rev().map(|i| item(&i.to_string(), "h")).collect();
    s.apply_fetch(&feed(), &doc, &[], 1, 100, Announce::default())
        .unwrap();
    // A kill -9 after the chunks, before any id record of that fetch.
    for i in 0..n {
        s.node_items
            .remove(chunks::id_key("n", &i.to_string()))
            .unwrap();
    }
    let again = s
        .apply_fetch(&feed(), &doc, &[], 2, 100, Announce::default())
        .unwrap();
    assert_eq!(again.new.len(), n, "announced again, not lost");
    assert_eq!(s.item_count("n"), n, "each stored once");
    assert_eq!(s.items("n", 1000, None).unwrap().len(), n);
    // A publish retried after the same kind of crash is stored once too.
    let all = Announce {
        new: true,
        updates: true,
    };
    s.publish("n", &item("p", "h"), 3, 100, all, true).unwrap();
    s.node_items.remove(chunks::id_key("n", "p")).unwrap();
    assert!(matches!(
        s.publish("n", &item("p", "h"), 4, 100, all, true).unwrap(),
        Published::New(_)
    ));
    assert_eq!(s.item_count("n"), n + 1);
}

#[test]
fn an_id_record_whose_item_is_gone_does_not_count_as_stored() {
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path()).unwrap();
    s.ensure_feed(FeedState::push("p", None, Origin::Push))
        .unwrap();
    s.publish("p", &item("i", "h"), 1, 10, Announce::default(), false)
        .unwrap();
    assert_eq!(s.item_hash("p", "i").unwrap().as_deref(), Some("h"));
    // A kill -9 after a retraction's chunk, before its id record.
    let mut w = s.node_write("p").unwrap();
    let seq = w.id("i").unwrap().unwrap().seq.unwrap();
    w.remove(seq).unwrap();
    w.commit().unwrap();
    assert_eq!(
        s.item_hash("p", "i").unwrap(),
        None,
        "publishing it again stores it"
    );
    assert!(matches!(
        s.publish("p", &item("i", "h"), 2, 10, Announce::default(), false)
            .unwrap(),
        Published::New(_)
    ));
    assert!(s.item("p", "i").unwrap().is_some());
}

#[test]
fn a_job_read_while_its_items_are_written_waits_for_them() {
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path()).unwrap();
    let mut w = s.node_write("n").unwrap();
    // The drain finds the job (written before the item) and reads its item meanwhile.
    let reader = {
        let s = s.clone();
        std::thread::spawn(move || s.item_for_job("n", 7))
    };
    // Time for the reader to get to the node's lock (it must wait there, not find
    // nothing and drop the job).
    std::thread::sleep(std::time::Duration::from_millis(50));
    w.append(StoredItem {
        seq: 7,
        stored_at: 1,
        entry: item("a", "1"),
    })
    .unwrap();
    w.commit().unwrap();
    let got = reader.join().unwrap().unwrap();
    assert_eq!(got.map(|i| i.entry.id).as_deref(), Some("a"));
}

#[test]
fn chunks_page_trim_and_update_across_their_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path()).unwrap();
    let max = 2 * chunks::CHUNK_ITEMS + 3;
    // Three fetches of new entries, more than a chunk each.
    let mut n = 0;
    for round in 0..3 {
        let doc: Vec<_> = (n..n + chunks::CHUNK_ITEMS + 5)
            .rev()
            .map(|i| item(&i.to_string(), "h"))
            .collect();
        n += doc.len();
        let a = s
            .apply_fetch(&feed(), &doc, &[], round, max, Announce::default())
            .unwrap();
        assert_eq!(a.new.len(), doc.len());
    }
    assert_eq!(s.item_count("n"), max);
    let newest: Vec<String> = s
        .items("n", 1000, None)
        .unwrap()
        .into_iter()
        .map(|i| i.entry.id)
        .collect();
    let want: Vec<String> = (n - max..n).rev().map(|i| i.to_string()).collect();
    assert_eq!(newest, want);
    // Paging backwards from any item gives exactly the older ones.
    let all = s.items("n", 1000, None).unwrap();
    for (at, it) in all.iter().enumerate() {
        let older = s.items("n", 1000, Some(it.seq)).unwrap();
        assert_eq!(older, all[at + 1..].to_vec());
    }
    // The oldest kept id is found by id and by number; a trimmed one is seen, not stored.
    let oldest = all.last().unwrap();
    assert_eq!(
        s.item("n", &oldest.entry.id).unwrap().as_ref(),
        Some(oldest)
    );
    assert_eq!(
        s.item_by_seq("n", oldest.seq).unwrap().as_ref(),
        Some(oldest)
    );
    assert!(s.is_seen("n", "0").unwrap() && s.item("n", "0").unwrap().is_none());
    // An update in an older chunk is stored in place.
    let changed = item(&oldest.entry.id, "h2");
    let a = s
        .apply_fetch(&feed(), &[changed], &[], 9, max, Announce::default())
        .unwrap();
    assert_eq!(a.updated.len(), 1);
    assert_eq!(
        s.item("n", &oldest.entry.id)
            .unwrap()
            .unwrap()
            .entry
            .content_hash,
        "h2"
    );
    assert_eq!(s.item_count("n"), max);
    let v = s.verify().unwrap();
    assert!(v.corrupt.is_empty());
    assert!(v.tables.contains(&("items", max as u64)), "{v:?}");
}

#[test]
fn ensure_feed_keeps_existing_state() {
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path()).unwrap();
    let mut f = feed();
    f.error_count = 3;
    s.put_feed(&f).unwrap();
    let got = s.ensure_feed(feed()).unwrap();
    assert_eq!(got.error_count, 3);
}

#[test]
fn publish_retract_purge_and_delete_announce_through_the_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path()).unwrap();
    s.ensure_feed(FeedState::push("p", None, Origin::Push))
        .unwrap();
    sub(&s, "p", "a@x", 0);
    let all = Announce {
        new: true,
        updates: true,
    };
    let first = s
        .publish("p", &item("i1", "h1"), 5, 10, all, false)
        .unwrap();
    assert!(matches!(first, Published::New(_)));
    let job = s.jobs(10).unwrap().remove(0);
    assert_eq!(job.key, first.item().seq, "keyed by its item's number");
    s.finish_job(&job).unwrap();
    assert!(matches!(
        s.publish("p", &item("i1", "h1"), 6, 10, all, false)
            .unwrap(),
        Published::Unchanged(_)
    ));
    assert!(
        s.jobs(10).unwrap().is_empty(),
        "the same again is not announced"
    );
    assert!(matches!(
        s.publish("p", &item("i1", "h2"), 7, 10, all, false)
            .unwrap(),
        Published::Updated(_)
    ));
    let jobs = s.jobs(10).unwrap();
    assert_eq!(jobs.len(), 1);
    assert!(jobs[0].update && jobs[0].event == Event::Item);
    assert_eq!(s.items_changed("p").unwrap(), Some(7));
    // A pending announcement of a retracted item goes with it.
    assert!(s.retract("p", "i1", true, false, 9).unwrap().is_some());
    assert!(s.item("p", "i1").unwrap().is_none());
    assert!(s.retract("p", "i1", true, false, 9).unwrap().is_none());
    let jobs = s.jobs(10).unwrap();
    assert_eq!(jobs.len(), 1, "{jobs:?}");
    let j = jobs[0].clone();
    assert_eq!(j.event, Event::Retract { id: "i1".into() });
    s.finish_job(&j).unwrap();
    s.publish("p", &item("i2", "h"), 8, 10, all, false).unwrap();
    assert_eq!(s.purge("p", true, false, 10).unwrap(), 1);
    let jobs = s.jobs(10).unwrap();
    assert_eq!(jobs.len(), 1, "the purged item's announcement went with it");
    assert_eq!(jobs[0].event, Event::Purge);
    s.finish_job(&jobs[0]).unwrap();
    s.set_affiliation("p", "o@x", Some(Affiliation::Owner))
        .unwrap();
    assert_eq!(s.affiliations("p").unwrap().len(), 1);
    s.delete_node("p", true, Some("xmpp:elsewhere".into()))
        .unwrap();
    assert!(s.feed("p").unwrap().is_none());
    assert!(s.affiliations("p").unwrap().is_empty());
    assert!(
        s.subscription("p", "a@x").unwrap().is_some(),
        "kept until they are told"
    );
    let j = s.jobs(10).unwrap().remove(0);
    assert!(matches!(j.event, Event::Delete { .. }));
    s.finish_job(&j).unwrap();
    assert!(s.subscription("p", "a@x").unwrap().is_none());
    assert!(s.subscriptions_of("a@x").unwrap().is_empty());
}

#[test]
fn node_options_survive_a_poll_writing_the_feed_back() {
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path()).unwrap();
    // What a poll read before the node was configured …
    let stale = s.ensure_feed(feed()).unwrap();
    let mut configured = stale.clone();
    configured.options.max_items = Some(7);
    configured.options.access_model = AccessModel::Whitelist;
    s.set_node_options("n", &configured.options).unwrap();
    // … and writes back after its fetch: the configuration stays.
    s.put_feed(&stale).unwrap();
    let got = s.feed("n").unwrap().unwrap();
    assert_eq!(got.options.max_items, Some(7));
    assert_eq!(
        s.feeds().unwrap()[0].options.access_model,
        AccessModel::Whitelist
    );
    s.set_node_options("n", &NodeOptions::default()).unwrap();
    assert!(s.feed("n").unwrap().unwrap().options.is_default());
    s.set_node_options("n", &configured.options).unwrap();
    s.remove_feed("n").unwrap();
    s.ensure_feed(feed()).unwrap();
    assert!(
        s.feed("n").unwrap().unwrap().options.is_default(),
        "a removed node's options go with it"
    );
}

#[test]
fn a_retracted_or_purged_polled_entry_is_not_new_at_the_next_poll() {
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path()).unwrap();
    let doc = [item("b", "1"), item("a", "1")];
    let notify = Announce {
        new: true,
        updates: false,
    };
    s.apply_fetch(&feed(), &doc, &[], 1, 10, notify).unwrap();
    assert!(s.retract("n", "a", true, true, 2).unwrap().is_some());
    let again = s.apply_fetch(&feed(), &doc, &[], 3, 10, notify).unwrap();
    assert!(again.new.is_empty(), "{:?}", again.new);
    s.purge("n", true, true, 4).unwrap();
    let again = s.apply_fetch(&feed(), &doc, &[], 5, 10, notify).unwrap();
    assert!(again.new.is_empty());
}

#[test]
fn a_second_opener_is_told_who_holds_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let _first = SledStore::open(dir.path()).unwrap();
    let err = SledStore::open(dir.path())
        .err()
        .expect("the store is locked");
    let shown = err.to_string();
    assert!(
        shown.starts_with("another feedpush is using the store")
            && shown.contains(&format!("(pid {})", std::process::id())),
        "{shown}"
    );
}
