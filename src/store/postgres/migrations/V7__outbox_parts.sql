-- The outbox in 64 parts by node, each delivered by one instance of a cluster at a time under
-- a lease ('outbox N'): a node's notifications stay in order (one drain), and the instances
-- share the fan-out. The part is the node's hash (any stable one; this database computes and
-- keeps it).
ALTER TABLE outbox ADD COLUMN part smallint
    GENERATED ALWAYS AS ((hashtext(node) & 63)::smallint) STORED;
CREATE INDEX outbox_by_part ON outbox (part, key);
DELETE FROM leases WHERE what = 'outbox';
INSERT INTO leases (what) SELECT 'outbox ' || i FROM generate_series(0, 63) AS i
    ON CONFLICT (what) DO NOTHING;
