-- Whether a message's date is its Date header's (1) or its arrival's (0): only two Date headers
-- tell two messages under one Message-ID apart (message-id-collision.ts). A copy without a Date
-- header stored first is dated by its arrival, and a copy of it with one is the same message.
-- Mail stored before is unknown (NULL), and is taken for a copy as it was then.
ALTER TABLE messages ADD COLUMN date_by_header INTEGER;
