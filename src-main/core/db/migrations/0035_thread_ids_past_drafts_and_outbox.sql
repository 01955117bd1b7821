-- 0034 started the highest thread id given at max(threads.id). A thread merged away before it
-- (its row deleted) may still be named by a reply draft or an outbox reply: a new thread given
-- that id would take them over. The counter starts past every id they name too. (A new
-- migration, not an edit of 0034: a database that applied 0034 refuses an edited one, migrator.ts.)
UPDATE thread_ids_given SET last_id = max(
  last_id,
  (SELECT ifnull(max(thread_id), 0) FROM drafts),
  (SELECT ifnull(max(thread_id), 0) FROM outbox)
);
