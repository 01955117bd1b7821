-- Drafts another mail program (a phone) keeps in Drafts, continued in Rapport
-- (src-main/core/drafts/server-drafts.ts). Each copy continued is named by its place on the
-- server, never by its Message-ID: a program that keeps one Message-ID across saves may save a
-- newer version there after the continue, and that one is not this copy (it is listed again).
-- A claim follows the text that continues the copy: each save of a draft names the copies it
-- continues (drafts.save `continues`), taking them from another draft if need be (Undo's aside
-- drafts swap places), and lets go of those it no longer names. The copy is deleted from the
-- server once its draft is up there too (uploaded_revision reaches `revision`), or a minute after
-- no draft holds it any more (sent, or thrown away; a swap takes it again within that minute).
CREATE TABLE continued_copies (
  id INTEGER PRIMARY KEY,
  folder_id INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
  uid_validity INTEGER NOT NULL,
  uid INTEGER NOT NULL,
  draft_id INTEGER REFERENCES drafts (id) ON DELETE SET NULL,
  revision INTEGER NOT NULL,
  -- When no draft held it any more (ms since 1970, SQLite's clock); NULL while one does.
  released_at INTEGER,
  UNIQUE (folder_id, uid_validity, uid)
) STRICT;
CREATE INDEX continued_copies_by_draft ON continued_copies (draft_id);

-- A draft deleted (sent, emptied, moved to another place) lets go of its copies. One deleted with
-- the mailbox it was to go from takes its text along, and its copy there (if it went up) was not
-- deleted: its copies are no longer claimed, so the other program's draft stays on the server.
CREATE TRIGGER drafts_release_continued BEFORE DELETE ON drafts BEGIN
  DELETE FROM continued_copies WHERE draft_id = old.id
    AND old.account_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM accounts WHERE id = old.account_id);
  UPDATE continued_copies SET draft_id = NULL, released_at = CAST(unixepoch('subsec') * 1000 AS INTEGER)
    WHERE draft_id = old.id;
END;
