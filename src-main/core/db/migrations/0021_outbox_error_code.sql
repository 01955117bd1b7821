-- What kind of failure last_error describes (an error code of the contract), so the UI says
-- Rapport's own explanations in the user's language and shows only the server's words verbatim.
ALTER TABLE outbox ADD COLUMN last_error_code TEXT;
