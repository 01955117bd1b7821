-- Rapport's own copies in Drafts (migration 0037) are also named by their place on the server,
-- as the server answers the APPEND (APPENDUID, RFC 4315): folder, UIDVALIDITY and UID. Another
-- program that edits one of Rapport's drafts may save its version under the same Message-ID;
-- deleting Rapport's copy by that Message-ID deleted the other program's version too. A copy
-- whose place is unknown (a server without UIDPLUS, an APPEND whose answer was lost) or no longer
-- current (renumbered, or the folder gone) is found by its Message-ID, and told apart from
-- another program's version under it by its INTERNALDATE: the date-time the APPEND gave it (the
-- draft's last change, in whole seconds, as IMAP keeps it; NULL for a copy made before 0039).
ALTER TABLE drafts ADD COLUMN server_copy_folder_id INTEGER REFERENCES folders (id) ON DELETE SET NULL;
ALTER TABLE drafts ADD COLUMN server_copy_uid_validity INTEGER;
ALTER TABLE drafts ADD COLUMN server_copy_uid INTEGER;
ALTER TABLE drafts ADD COLUMN server_copy_date INTEGER;
ALTER TABLE draft_copies_to_delete ADD COLUMN folder_id INTEGER REFERENCES folders (id) ON DELETE SET NULL;
ALTER TABLE draft_copies_to_delete ADD COLUMN uid_validity INTEGER;
ALTER TABLE draft_copies_to_delete ADD COLUMN uid INTEGER;
ALTER TABLE draft_copies_to_delete ADD COLUMN appended_at INTEGER;

-- A copy uploaded before: its APPEND was dated at the draft's last change too, which the draft
-- still has if it has not changed since.
UPDATE drafts SET server_copy_date = updated_at / 1000 * 1000
WHERE server_copy IS NOT NULL AND uploaded_revision IS revision;

DROP TRIGGER drafts_leave_server;
CREATE TRIGGER drafts_leave_server AFTER DELETE ON drafts
WHEN old.server_copy IS NOT NULL AND EXISTS (SELECT 1 FROM accounts WHERE id = old.server_account_id)
BEGIN
  INSERT INTO draft_copies_to_delete (account_id, message_id, folder_id, uid_validity, uid, appended_at)
  VALUES (old.server_account_id, old.server_copy, old.server_copy_folder_id,
          old.server_copy_uid_validity, old.server_copy_uid, old.server_copy_date);
END;
