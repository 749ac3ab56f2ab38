-- feedpush's store on PostgreSQL, version 1. Text keys sort bytewise (COLLATE "C"), as the
-- contract's orders (by node, by JID) are orders of bytes. Times are Unix milliseconds.
-- Values that feedpush alone interprets are JSON (jsonb), readable with ->> in psql.

-- Item numbers and the keys of outbox jobs without an item: number = nextval << 16 (the low
-- 16 bits number the entries of one fetch). Never reused.
CREATE SEQUENCE numbers;

-- One row per feed or push node.
CREATE TABLE feeds (
    node             text COLLATE "C" PRIMARY KEY,
    url              text NOT NULL,
    -- the URL as feed_by_url looks it up (net::normalize_url), NULL without a usable one
    url_norm         text COLLATE "C",
    -- the redacted URL of a configured feed whose redaction withholds something, else NULL
    shown_url        text COLLATE "C",
    -- the node in ASCII lowercase (a contact's localpart)
    node_folded      text COLLATE "C" NOT NULL,
    -- the JID that added a user feed; NULL for every other origin
    user_owner       text COLLATE "C",
    -- the health operators see it under ('ok', 'transient-error', ..., 'push')
    health           text NOT NULL,
    next_due         bigint,
    -- since when a user feed has had no subscriber (NULL while followed)
    unfollowed_since bigint,
    -- the whole feed state (model::FeedState)
    state            jsonb NOT NULL
);
CREATE INDEX feeds_by_url ON feeds (url_norm, node) WHERE url_norm IS NOT NULL;
CREATE INDEX feeds_by_shown_url ON feeds (shown_url, node) WHERE shown_url IS NOT NULL;
CREATE INDEX feeds_by_folded_node ON feeds (node_folded, node);
CREATE INDEX feeds_of_users ON feeds (user_owner, node) WHERE user_owner IS NOT NULL;
CREATE INDEX feeds_by_due ON feeds (next_due);

-- Options set by a node's owners (none for the defaults); kept apart so that writing a
-- feed's state back never undoes a configuration made meanwhile.
CREATE TABLE node_options (
    node    text COLLATE "C" PRIMARY KEY,
    options jsonb NOT NULL
);

-- One row per node that has had items: its lock (writers of a node's items take turns on
-- this row), when its items last changed, when its seen ids were last pruned.
CREATE TABLE nodes (
    node       text COLLATE "C" PRIMARY KEY,
    changed_at bigint,
    last_prune bigint
);

-- A node's items, one row each; seq orders them (higher is newer).
CREATE TABLE items (
    node      text COLLATE "C" NOT NULL,
    seq       bigint NOT NULL,
    id        text COLLATE "C" NOT NULL,
    -- the content hash of the entry (what tells an update from the same entry again)
    hash      text NOT NULL,
    stored_at bigint NOT NULL,
    -- the entry (model::Entry)
    entry     jsonb NOT NULL,
    PRIMARY KEY (node, seq),
    UNIQUE (node, id)
);

-- Ids found in a polled feed, and when last: an id seen is never new again (kept 30 days
-- after it left the document).
CREATE TABLE seen (
    node    text COLLATE "C" NOT NULL,
    id      text COLLATE "C" NOT NULL,
    seen_at bigint NOT NULL,
    PRIMARY KEY (node, id)
);

-- Subscriptions; options are the non-default ones (model::Subscription without node, jid).
CREATE TABLE subscriptions (
    node    text COLLATE "C" NOT NULL,
    jid     text COLLATE "C" NOT NULL,
    domain  text COLLATE "C" NOT NULL,
    contact boolean NOT NULL,
    options jsonb NOT NULL,
    PRIMARY KEY (node, jid)
);
CREATE INDEX subscriptions_by_jid ON subscriptions (jid, node);
CREATE INDEX subscriptions_by_domain ON subscriptions (domain);
CREATE INDEX contact_subscriptions ON subscriptions (jid, node) WHERE contact;

-- Affiliations per node and bare JID ('owner', 'publisher', 'member', 'outcast').
CREATE TABLE affiliations (
    node        text COLLATE "C" NOT NULL,
    jid         text COLLATE "C" NOT NULL,
    affiliation text NOT NULL,
    PRIMARY KEY (node, jid)
);

-- The delivery outbox, oldest key first. An item's job is keyed by the item's number.
CREATE TABLE outbox (
    key       bigint PRIMARY KEY,
    node      text COLLATE "C" NOT NULL,
    item_seq  bigint NOT NULL,
    is_update boolean NOT NULL,
    -- the last subscriber (bare JID) already handed the job; NULL before the first
    after_jid text COLLATE "C",
    -- what it announces: 'item', 'retract', 'purge', 'delete'
    kind      text NOT NULL,
    -- the retracted item's id ('retract'), where subscribers may go instead ('delete')
    retracted text,
    redirect  text
);
CREATE INDEX outbox_by_node ON outbox (node);

-- Items held for contact subscribers who are away, and those dropped from a full backlog.
CREATE TABLE backlog (
    jid     text COLLATE "C" NOT NULL,
    node    text COLLATE "C" NOT NULL,
    seq     bigint NOT NULL,
    held_at bigint NOT NULL,
    -- the item as it was when held (model::StoredItem)
    item    jsonb NOT NULL,
    PRIMARY KEY (jid, node, seq)
);
CREATE INDEX backlog_by_node ON backlog (node, seq);
CREATE TABLE backlog_skipped (
    jid     text COLLATE "C" NOT NULL,
    node    text COLLATE "C" NOT NULL,
    skipped bigint NOT NULL,
    PRIMARY KEY (jid, node)
);
CREATE INDEX backlog_skipped_by_node ON backlog_skipped (node);

-- Feed avatars: the record (model::Avatar) and the scaled PNG.
CREATE TABLE avatars (
    node   text COLLATE "C" PRIMARY KEY,
    record jsonb NOT NULL,
    png    bytea
);

-- The health probe's writes.
CREATE TABLE probe (
    id smallint PRIMARY KEY,
    at bigint NOT NULL
);
