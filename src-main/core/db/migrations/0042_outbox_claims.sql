-- Which Rapport process is making an attempt at an outbox row: "<pid>:<random>", set for the
-- attempt and cleared after it. A second process on the same data directory (`rapport sync` in a
-- terminal beside the app) leaves a row alone while the process that claimed it is alive: taken
-- for one left by a crash, a row in the middle of its SMTP send went out a second time. A claim
-- whose process is gone (a crash) is taken over, as before.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
