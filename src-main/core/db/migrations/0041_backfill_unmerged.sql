-- Messages a folder's "sync older mail" has stored since the search indexes were last merged for
-- it: counted with each stored slice, so a backfill paused and resumed, or cut by a restart, still
-- asks for the merge once it is done (IndexCompactor.afterImport, 1,000 messages or more). Counted
-- per run of the loop before, it started over at every resume.
ALTER TABLE folder_backfills ADD COLUMN unmerged INTEGER NOT NULL DEFAULT 0;
