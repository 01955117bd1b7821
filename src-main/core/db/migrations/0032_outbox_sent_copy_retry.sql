-- A Sent copy the server refused for now (over quota, busy: RFC 5530 OVERQUOTA, UNAVAILABLE,
-- INUSE, LIMIT) is saved again on its own, with a growing wait, until it is saved or the user
-- lets it go; one refused for good (no right to add to Sent) waits for the user's Retry, as before.
--
-- sent_copy_retry_at: when the next try at the copy is due (NULL: none planned).
-- sent_copy_attempts: the copy's tries refused so far, which set the wait.
ALTER TABLE outbox ADD COLUMN sent_copy_retry_at INTEGER;
ALTER TABLE outbox ADD COLUMN sent_copy_attempts INTEGER NOT NULL DEFAULT 0;
