-- The user chose Retry on a message that may already have gone (SEND_UNCONFIRMED), or whose
-- earlier try Rapport could not check in Sent (SENT_UNREADABLE): its next attempt sends it even
-- when Sent cannot be read. Consumed by that attempt; a later interrupted one asks again.
ALTER TABLE outbox ADD COLUMN resend_confirmed INTEGER NOT NULL DEFAULT 0;
