-- Each mailbox's plain-text signature (accounts.setSignature), '' for none. A column of the
-- account, so removing a mailbox removes its signature with it; its length is the contract's
-- limit (SIGNATURE_MAX_CHARS), kept here too for a row written around the contract.
ALTER TABLE accounts ADD COLUMN signature TEXT NOT NULL DEFAULT '' CHECK (length(signature) <= 10000);
