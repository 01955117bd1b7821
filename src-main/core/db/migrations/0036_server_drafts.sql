-- A message another program is still writing: found in the Drafts folder or flagged \Draft
-- (message-store.ts, isDraft). Kept at its locations, so the folder syncs like any other, but in
-- no conversation, contact or search (thread_id and contact_id NULL), and forgotten once the
-- server has no copy left, instead of kept as deleted on the server. Mail stored before
-- this migration stays as it is: it was filed already.
ALTER TABLE messages ADD COLUMN is_draft INTEGER NOT NULL DEFAULT 0 CHECK (is_draft IN (0, 1));
-- Every pass looks for the drafts left with no copy on the server (LocationStore.forgetGoneDrafts).
CREATE INDEX messages_drafts ON messages (account_id) WHERE is_draft = 1;
