-- An import finds a row with neither email nor phone (a name-only entry of a phone book) by its
-- names (crm/import-match.ts): without an index each such row read every contact, so a large
-- phone book took minutes, holding the database's write lock all along.
CREATE INDEX contacts_by_display_name ON contacts (display_name) WHERE deleted = 0;
