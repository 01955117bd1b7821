-- Which Rapport process is pushing a queued change (a task): "<pid>:<random>", set while it
-- runs and cleared after. A second process on the same data directory (`rapport sync` beside the
-- app) leaves a running task, and the tasks after it, alone while that process is alive: taken
-- for one left by a crash, a change went up twice, the second time after the user's later change
-- of the same message (read, then unread, ended read). A claim whose process is gone is taken over.
ALTER TABLE tasks ADD COLUMN claimed_by TEXT;
