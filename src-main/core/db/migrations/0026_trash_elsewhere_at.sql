-- When the hourly Trash sweep last saw the message in another folder too (NULL: never since it
-- got to Trash). Its 30 days count from the later of this and trashed_at: mail is purged 30 days
-- after it is in Trash only, while trashed_at stays the date the Trash list shows and sorts by.
ALTER TABLE trash_entries ADD COLUMN elsewhere_at INTEGER;
