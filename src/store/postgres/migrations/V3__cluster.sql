-- Several instances on one database ([cluster]): who runs, and who does what for how long.
-- Times here are the database's clock (now()), never an instance's: machines may disagree.

-- One row per running instance, written at its start and every third of a lease after.
CREATE TABLE instances (
    name       text COLLATE "C" PRIMARY KEY,
    -- the machine it runs on and its process id, for operators
    machine    text NOT NULL,
    pid        integer NOT NULL,
    started_at timestamptz NOT NULL,
    last_seen  timestamptz NOT NULL,
    -- whether it holds the link to the XMPP server now
    link_held  boolean NOT NULL DEFAULT false
);

-- Work that one instance does at a time, for a lease: 'poll HOST' (every feed of a web host:
-- politeness towards a host holds across the cluster), 'link' (the one link to a server that
-- takes one connection per component). A new owner raises the generation; a write made under
-- a lease names the generation it was made under, and is refused once it no longer holds.
CREATE TABLE leases (
    what       text COLLATE "C" PRIMARY KEY,
    owner      text COLLATE "C",
    until      timestamptz NOT NULL DEFAULT '-infinity',
    generation bigint NOT NULL DEFAULT 0
);
CREATE INDEX leases_by_owner ON leases (owner, what) WHERE owner IS NOT NULL;

-- The web host of a feed's URL, as the url crate writes it in `url_norm` (lowercase,
-- punycode, an IPv6 address in brackets): what its poll lease is named by. NULL for a push
-- node, which is never polled.
ALTER TABLE feeds ADD COLUMN host text COLLATE "C"
    GENERATED ALWAYS AS (substring(url_norm from '^[a-z][a-z0-9+.-]*://(?:[^@/]*@)?(\[[^]]*\]|[^:/?#]*)')) STORED;
CREATE INDEX feeds_by_host ON feeds (host, node) WHERE host IS NOT NULL;
