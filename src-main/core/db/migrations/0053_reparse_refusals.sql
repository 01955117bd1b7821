-- A message queued for its charset (0050) whose only copies are in folders the server refuses to
-- open or read (no right to read it any more, a copy it will not hand over) was taken again by
-- every pass, for ever. Its refusals are counted here: after a few it leaves the queue and keeps
-- the text it has (sync/charset-repair.ts).
ALTER TABLE reparse_queue ADD COLUMN refusals INTEGER NOT NULL DEFAULT 0;
