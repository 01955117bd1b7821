-- Why the server last refused to open a synced folder (SELECT answered NO: no read right, or
-- gone between listing and opening), in its own words. The pass skips that folder and syncs the
-- others; the next pass tries again and clears it once the folder opens.
ALTER TABLE folders ADD COLUMN open_error TEXT;
