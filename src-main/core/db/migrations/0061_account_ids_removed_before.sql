-- Account ids are never given twice: AccountRepository keeps the highest removed id in settings
-- ('accounts.highest_removed_id'). A mailbox removed before it did so left nothing, and were it
-- the newest, the next mailbox added took its id again. An id still named where no account has
-- it was removed: a saved view's mailboxes (custom_inboxes.filter_json accountIds, which would
-- then list the new mailbox's conversations), a mailbox inbox's dot, a draft's server copy.
INSERT INTO settings (key, value)
SELECT 'accounts.highest_removed_id', CAST(max(id) AS TEXT)
FROM (
  SELECT CAST(j.value AS INTEGER) AS id
  FROM custom_inboxes c,
    json_each(CASE WHEN json_valid(c.filter_json) THEN c.filter_json ELSE '{}' END, '$.accountIds') j
  UNION ALL
  SELECT CAST(substr(inbox_key, length('account:') + 1) AS INTEGER) FROM inbox_marks WHERE inbox_key LIKE 'account:%'
  UNION ALL
  SELECT server_account_id FROM drafts WHERE server_account_id IS NOT NULL
)
WHERE id > 0 AND id NOT IN (SELECT id FROM accounts)
HAVING max(id) IS NOT NULL
ON CONFLICT (key) DO UPDATE SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER));
