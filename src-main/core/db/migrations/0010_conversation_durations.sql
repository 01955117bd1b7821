-- Time each conversation has spent open, closed and snoozed, summed over its finished stints;
-- the current stint runs from status_changed_at and is added when it is read. Conversations from
-- before this migration start their sums at zero.
ALTER TABLE conversations ADD COLUMN open_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN closed_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN snoozed_ms INTEGER NOT NULL DEFAULT 0;
