-- What each instance of a cluster runs: the hash of its feeds.toml without the keys that are
-- per instance by nature, and when it loaded that file (its start or its last reload). The
-- cluster runs the file loaded last; an instance whose hash differs says so.
ALTER TABLE instances
    ADD COLUMN config_hash text NOT NULL DEFAULT '',
    ADD COLUMN config_at timestamptz NOT NULL DEFAULT now();
