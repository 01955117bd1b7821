-- Why a message could not be read completely, as a stable code (mail/parse-error.ts) that windows
-- say in the user's language; parse_error keeps the parser's own English words, for diagnostics.
-- Messages stored before have no code: it is read from their words when they are shown.
ALTER TABLE messages ADD COLUMN parse_error_code TEXT;
