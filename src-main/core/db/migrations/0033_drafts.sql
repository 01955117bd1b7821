-- Drafts: what the composers hold until it is sent, kept so a restart or a crash loses none of
-- it. Personal, not team data: no hlc / updated_by / tombstone, and nothing exports them.
-- One row per draft: the new message, the reply of a conversation, or one Undo brought back
-- beside another being written (aside_id, the composer's number for it).
CREATE TABLE drafts (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('new', 'reply')),
  -- The conversation a reply answers. No foreign key, like outbox.thread_id: a thread merged into
  -- another is deleted, and the reply written under it must not go with it.
  thread_id INTEGER,
  aside_id INTEGER CHECK (aside_id IS NULL OR aside_id > 0),
  -- The mailbox it goes from: a reply's thread's, the From picked for a new message (NULL: not
  -- picked). Deleting the mailbox's data deletes its drafts; keeping it as an archive keeps them.
  account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  to_text TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  -- Send later, as the composer's datetime-local value ('' for at once).
  send_later TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  CHECK ((kind = 'reply') = (thread_id IS NOT NULL))
) STRICT;
-- A composer place holds one draft; saving there again replaces it.
CREATE UNIQUE INDEX drafts_place ON drafts (kind, ifnull(thread_id, 0), ifnull(aside_id, 0));
CREATE INDEX drafts_by_account ON drafts (account_id);

-- The files attached, bytes and all, in the database as the outbox keeps a queued message's:
-- the draft and its files are written in one transaction and cannot part.
CREATE TABLE draft_attachments (
  draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  size INTEGER NOT NULL,
  content BLOB NOT NULL,
  PRIMARY KEY (draft_id, position)
) STRICT;
