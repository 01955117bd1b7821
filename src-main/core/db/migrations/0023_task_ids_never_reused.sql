-- Task ids are never handed out twice (AUTOINCREMENT). A finished task is deleted, and SQLite
-- gave the next task the deleted one's id: the UI knows an action failed by the ids of the tasks
-- it queued (messages.move answers them), so a later failure under a reused id hid the Undo of an
-- earlier action that had worked. Rebuilt, as SQLite cannot add AUTOINCREMENT to a table.
CREATE TABLE tasks_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  payload_json TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  run_after INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  last_error_code TEXT
) STRICT;
INSERT INTO tasks_new (id, account_id, kind, payload_json, state, attempts, last_error, run_after, created_at, last_error_code)
  SELECT id, account_id, kind, payload_json, state, attempts, last_error, run_after, created_at, last_error_code FROM tasks;
DROP TABLE tasks;
ALTER TABLE tasks_new RENAME TO tasks;
CREATE INDEX tasks_ready ON tasks (state, run_after);
