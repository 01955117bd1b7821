-- The account-wide figure of "sync older mail" ("All folders: 420 / 2,000, folder 1 of 6"): which
-- folders the current run covers, and what each held when it joined (NULL: not in the run). Kept
-- here, not in memory, so a paused, resumed or restarted backfill goes on with the same figure.
ALTER TABLE folder_backfills ADD COLUMN tally_base INTEGER;
