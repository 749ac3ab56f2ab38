-- A job queued by one instance of a cluster wakes the instance that delivers the outbox (it
-- listens on 'feedpush_outbox'), instead of waiting for its next idle look. One notification
-- per transaction (PostgreSQL folds equal ones); none without instances, so that one
-- instance alone pays nothing for it.
CREATE FUNCTION outbox_queued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM instances) THEN
        PERFORM pg_notify('feedpush_outbox', '');
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER outbox_queued AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_queued();
