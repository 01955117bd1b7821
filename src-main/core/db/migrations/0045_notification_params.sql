-- What a notification says, as values rather than only an English sentence: the status a snoozed
-- conversation woke to; a mention's author and its excerpt. Windows say it in the user's language
-- from these; `text` stays the English sentence, for the CLI and for notifications made before.
ALTER TABLE notifications ADD COLUMN params_json TEXT;
