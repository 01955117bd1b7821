-- Every folder a deleted message was taken from (a note to self sits in INBOX and Sent), in the
-- order of its copies, so restore puts one copy back in each instead of all in the first.
-- NULL for rows from before: their one origin is origin_folder_id.
ALTER TABLE trash_entries ADD COLUMN origin_folder_ids TEXT;
