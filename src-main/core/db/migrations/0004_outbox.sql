-- The outbox: mail the user sent that the server has not confirmed yet, and a short history of
-- what was sent (for the daily send cap). The Message-ID is fixed before the first attempt, so a
-- retry after a crash can look for it in Sent instead of sending a second copy.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  message_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  -- Envelope recipients (To and Cc), as a JSON array of addresses.
  recipients_json TEXT NOT NULL,
  -- The exact bytes sent over SMTP and appended to Sent; NULL once sent.
  raw BLOB,
  size INTEGER NOT NULL,
  -- queued: waits for send_at (undo window, send later) or a connection; sending: an attempt whose
  -- outcome is unknown until it ends; accepted: the SMTP server took it, the Sent copy and local
  -- store remain; sent: done; failed: refused for good, with the server's text in last_error.
  state TEXT NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'sending', 'accepted', 'sent', 'failed')),
  -- Not before this time: the end of the undo window, or the time chosen with "send later".
  send_at INTEGER NOT NULL,
  -- Not before this time either: backoff after a failed attempt. NULL: no backoff.
  retry_at INTEGER,
  -- 1 when the last attempt could not reach the server: coming back online retries at once.
  waiting_online INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  thread_id INTEGER,
  sent_folder TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  UNIQUE (account_id, message_id)
) STRICT;
CREATE INDEX outbox_due ON outbox (account_id, state, send_at);
CREATE INDEX outbox_sent_at ON outbox (account_id, sent_at) WHERE state = 'sent';

-- Per-account daily send cap; no row (or NULL) means no cap.
CREATE TABLE outbox_limits (
  account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  daily_cap INTEGER CHECK (daily_cap IS NULL OR daily_cap > 0)
) STRICT;
