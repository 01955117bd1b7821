-- When each claim owner (migrations 0042 and 0043: "<pid>:<random>") last said it was running.
-- A claim was judged live while a process with its pid ran; but pids are given again (after a
-- reboot, and on Windows within minutes), so a claim left by a crash could name an unrelated
-- program's pid and hold its outbox message or its queued change for ever. An owner that has
-- not written here for a while is gone, whatever runs under its pid now (process-claim.ts).
CREATE TABLE claim_owners (
  owner TEXT PRIMARY KEY,
  alive_at INTEGER NOT NULL
) WITHOUT ROWID;
