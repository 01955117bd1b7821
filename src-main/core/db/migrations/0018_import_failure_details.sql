-- What a message set aside was (from the headers that could be read), so the sync status can
-- list it by subject and sender, with the reason, instead of only counting it.
ALTER TABLE import_failures ADD COLUMN subject TEXT;
ALTER TABLE import_failures ADD COLUMN sender TEXT;
