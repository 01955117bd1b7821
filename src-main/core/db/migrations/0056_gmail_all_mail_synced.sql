-- Mailboxes listed before All Mail (\All) was synced by default where there is no Archive folder
-- (Gmail): their All Mail is synced now too, as a newly added account's is. Mail archived in
-- another program leaves INBOX for All Mail only, and with All Mail unsynced it showed as deleted
-- on the server. Only an All Mail never synced (no UIDVALIDITY), which was the default then: one
-- the user synced and unticked again stays as they left it.
UPDATE folders SET sync_enabled = 1
WHERE special_use = '\All' AND sync_enabled = 0 AND uid_validity IS NULL AND on_server = 1
  AND NOT EXISTS (
    SELECT 1 FROM folders a
    WHERE a.account_id = folders.account_id AND a.special_use = '\Archive' AND a.on_server = 1
  );
