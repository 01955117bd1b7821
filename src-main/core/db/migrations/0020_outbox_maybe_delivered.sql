-- 1 when an attempt handed the whole message to the SMTP server (final dot included) and the
-- connection was lost before the server answered: it may have been delivered. Such a row is never
-- sent again on its own: Sent is checked, and without a copy there it fails until the user
-- chooses Retry (which clears this). A crash mid-attempt leaves 0: that row is retried as before.
ALTER TABLE outbox ADD COLUMN maybe_delivered INTEGER NOT NULL DEFAULT 0;
