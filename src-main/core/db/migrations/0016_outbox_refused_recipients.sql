-- Recipients the SMTP server refused while it took the message for the others get rows of their
-- own, with the same bytes and Message-ID as the message they complete. The UNIQUE
-- (account_id, message_id) of 0004 would forbid that, and SQLite cannot drop a table constraint,
-- so the table is rebuilt: the Message-ID stays unique among the messages the user queued.
CREATE TABLE outbox_new (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  message_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  recipients_json TEXT NOT NULL,
  raw BLOB,
  size INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'sending', 'accepted', 'sent', 'failed')),
  send_at INTEGER NOT NULL,
  retry_at INTEGER,
  -- 1 only when IMAP found no connection: coming back online retries at once. An SMTP server that
  -- cannot be reached keeps its backoff (a working IMAP connection says nothing about it).
  waiting_online INTEGER NOT NULL DEFAULT 0,
  -- Every try that reached the SMTP step; any of them may have sent the message (Sent is checked).
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  thread_id INTEGER,
  sent_folder TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  offline_attempts INTEGER NOT NULL DEFAULT 0,
  -- Tries the SMTP server answered with a temporary refusal (4xx): the retry limit counts these
  -- only, so tries that found no SMTP server never fail a message for good.
  refused_attempts INTEGER NOT NULL DEFAULT 0,
  -- Set on a row for recipients refused while the message went to the others: the row whose
  -- message it completes (its Sent copy and thread). Not a foreign key: that row is purged a few
  -- days after it was sent, while this one may still wait for a retry.
  completes_id INTEGER
) STRICT;

INSERT INTO outbox_new (id, account_id, message_id, subject, recipients_json, raw, size, state,
    send_at, retry_at, waiting_online, attempts, last_error, thread_id, sent_folder, created_at,
    sent_at, offline_attempts)
  SELECT id, account_id, message_id, subject, recipients_json, raw, size, state, send_at, retry_at,
    waiting_online, attempts, last_error, thread_id, sent_folder, created_at, sent_at,
    offline_attempts
  FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;

CREATE UNIQUE INDEX outbox_message ON outbox (account_id, message_id) WHERE completes_id IS NULL;
CREATE INDEX outbox_completes ON outbox (completes_id) WHERE completes_id IS NOT NULL;
CREATE INDEX outbox_due ON outbox (account_id, state, send_at);
CREATE INDEX outbox_sent_at ON outbox (account_id, sent_at) WHERE state = 'sent';
