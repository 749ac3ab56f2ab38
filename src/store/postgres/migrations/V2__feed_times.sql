-- The times of quiet polls in columns of their own: every feed's last fetch and next due time
-- are written once a minute for every feed polled without news, and writing two numbers costs
-- far less than rewriting the feed's whole state. A feed's `last_fetch` here, when set, is
-- newer than the one in `state` (every write of the state clears it); `next_due` was already
-- kept in step with the state.
ALTER TABLE feeds ADD COLUMN last_fetch bigint;
