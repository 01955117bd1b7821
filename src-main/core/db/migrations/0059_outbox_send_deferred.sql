-- A message the SMTP server refused for now (a 4xx) waits in the Outbox under its own code,
-- SEND_DEFERRED, rather than SEND_FAILED, which now only says it failed for good. A message
-- waiting so before is given that code, so it reads as "tried again on its own" until its next try.
UPDATE outbox SET last_error_code = 'SEND_DEFERRED' WHERE last_error_code = 'SEND_FAILED' AND state <> 'failed';
