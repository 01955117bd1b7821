-- A message another program is still writing: found in the Drafts folder or flagged \Draft
-- (message-store.ts, isDraft). Kept at its locations, so the folder syncs like any other, but in
-- no conversation, contact or search (thread_id and contact_id NULL), and forgotten once the
-- server has no copy left, instead of kept as deleted on the server. Mail stored before
-- this migration stays as it is: it was filed already.
ALTER TABLE messages ADD COLUMN is_draft INTEGER NOT NULL DEFAULT 0 CHECK (is_draft IN (0, 1));
-- Every pass looks for the drafts left with no copy on the server (LocationStore.goneDrafts).
CREATE INDEX messages_drafts ON messages (account_id) WHERE is_draft = 1;

-- Message ids are never given twice. A queued task, a failed move listed for the user, or a
-- window may still name a message deleted here (a draft forgotten, mail purged from Trash), and
-- the next message stored must not answer to that id. SQLite gives max(id) + 1, so the highest
-- id deleted from a table is kept here, and inserts go past it (db/new-id.ts). Deletes are rare:
-- the import's inserts run no trigger. (0037 adds drafts.)
CREATE TABLE ids_forgotten (table_name TEXT PRIMARY KEY, last_id INTEGER NOT NULL) STRICT;
INSERT INTO ids_forgotten (table_name, last_id) VALUES ('messages', 0);
CREATE TRIGGER messages_id_forgotten AFTER DELETE ON messages BEGIN
  UPDATE ids_forgotten SET last_id = max(last_id, old.id) WHERE table_name = 'messages';
END;
