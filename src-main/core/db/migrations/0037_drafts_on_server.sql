-- Rapport's drafts also in the mailbox's Drafts folder, so another mail program (a phone) has
-- them (src-main/core/drafts/draft-uploader.ts). Each upload is a new copy with a Message-ID of
-- its own. The copy an upload replaces, and the copy of a draft sent or thrown away, wait in
-- draft_copies_to_delete until the server has deleted them.
-- revision: counts the saves (two saves can share a millisecond, so not updated_at);
-- server_copy: the Message-ID of the copy on the server; server_account_id: the mailbox it is
-- in (the From may change); uploaded_revision: the revision that copy holds.
ALTER TABLE drafts ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE drafts ADD COLUMN server_copy TEXT;
ALTER TABLE drafts ADD COLUMN server_account_id INTEGER;
ALTER TABLE drafts ADD COLUMN uploaded_revision INTEGER;
-- An upload the server refused (too large, a full mailbox): the revision and when. That revision
-- is tried again an hour later, not at every pass; a new save is tried at once.
ALTER TABLE drafts ADD COLUMN refused_revision INTEGER;
ALTER TABLE drafts ADD COLUMN refused_at INTEGER;

CREATE TABLE draft_copies_to_delete (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  -- Found by a search of its Message-ID header, which matches substrings: only a whole id, in
  -- its brackets, can never match another message (an empty one would match every message).
  message_id TEXT NOT NULL CHECK (message_id LIKE '<_%@_%>')
) STRICT;

-- A draft deleted (sent, emptied, or its reply's conversation gone) takes its server copy along.
-- Not when its mailbox is being deleted: the mailbox's data goes, and the server is not asked.
CREATE TRIGGER drafts_leave_server AFTER DELETE ON drafts
WHEN old.server_copy IS NOT NULL AND EXISTS (SELECT 1 FROM accounts WHERE id = old.server_account_id)
BEGIN
  INSERT INTO draft_copies_to_delete (account_id, message_id) VALUES (old.server_account_id, old.server_copy);
END;

-- Draft ids are never given twice, as message ids (0036): an upload under way records its copy
-- on the draft by id, and a new draft given a sent one's id would take that copy for its own.
INSERT INTO ids_forgotten (table_name, last_id) VALUES ('drafts', 0);
CREATE TRIGGER drafts_id_forgotten AFTER DELETE ON drafts BEGIN
  UPDATE ids_forgotten SET last_id = max(last_id, old.id) WHERE table_name = 'drafts';
END;
