-- Drafts another mail program (a phone) keeps in Drafts, continued in Rapport
-- (src-main/core/drafts/server-drafts.ts). Each copy is named by its place on the server, not its
-- Message-ID: a program that keeps one Message-ID across saves may save a newer version there
-- after the continue, and that one is not this copy (it is listed again, never deleted).
-- The copy is deleted from the server by its mailbox's pass once the draft continuing it is up
-- there too (its uploaded_revision reaches `revision`), or once that draft is sent or thrown away
-- (draft_id becomes NULL). Until then the other program's copy is the only one on the server.
CREATE TABLE continued_copies (
  id INTEGER PRIMARY KEY,
  folder_id INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
  uid_validity INTEGER NOT NULL,
  uid INTEGER NOT NULL,
  draft_id INTEGER REFERENCES drafts (id) ON DELETE SET NULL,
  revision INTEGER NOT NULL,
  UNIQUE (folder_id, uid_validity, uid)
) STRICT;
CREATE INDEX continued_copies_by_draft ON continued_copies (draft_id);

-- The message (by id) the draft last continued: saved again with it, nothing more is claimed, so a
-- newer version saved under the same Message-ID is not taken for the copy that was continued.
ALTER TABLE drafts ADD COLUMN continues INTEGER;
