-- Sent, but the server refused the copy for the Sent folder (no room, no right): its own words.
-- While set, the row stays in the Outbox with its bytes, so the copy can be saved again.
ALTER TABLE outbox ADD COLUMN sent_copy_error TEXT;
