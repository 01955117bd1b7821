-- When Sent is looked at before sending, and what happens when it cannot be.
--
-- sent_check_due: an attempt started and its outcome is not known (a crash, a connection lost
-- after the data went over), so it may have gone: Sent is looked at for the Message-ID before
-- the next one. An attempt the server answered (4xx, 5xx, a refused login) or that reached no
-- server did not send the message, and clears it. Rows tried before this column are taken as
-- before: any earlier attempt may have gone.
ALTER TABLE outbox ADD COLUMN sent_check_due INTEGER NOT NULL DEFAULT 0;
UPDATE outbox SET sent_check_due = 1 WHERE attempts > 0 AND state IN ('queued', 'sending', 'failed');

-- resend_confirmed: the user chose Retry on a message that may already have gone
-- (SEND_UNCONFIRMED), or whose earlier try Rapport could not check in Sent (SENT_UNREADABLE):
-- its next attempt sends it even when Sent cannot be read. Consumed by that attempt; one
-- interrupted after that asks again.
ALTER TABLE outbox ADD COLUMN resend_confirmed INTEGER NOT NULL DEFAULT 0;
