-- Subscribers' presence, shared by the instances of a cluster: any instance may receive a
-- presence (ejabberd spreads a component's stanzas over its connections) and any may deliver
-- (the outbox's holder), so what gates a delivery is here. One row per resource; `show` NULL
-- once the resource went unavailable (kept a while, so that every instance sees it go).
-- `seq` orders the changes: writers take a transaction lock, so they commit in `seq` order and
-- a reader that saw up to `seq` N never misses a smaller one later.
CREATE SEQUENCE presence_seq;
CREATE TABLE presence (
    jid      text COLLATE "C" NOT NULL,
    resource text COLLATE "C" NOT NULL,
    show     text,
    seq      bigint NOT NULL,
    at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (jid, resource)
);
CREATE INDEX presence_by_seq ON presence (seq);
