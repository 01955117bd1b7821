-- OAuth2 accounts (issue 3): which provider's authorization server issues and refreshes their
-- tokens, so "sign in again" knows where to send the user even when the tokens are gone (no
-- keychain, a restart). The tokens themselves live only in the secret store (accounts.secret_ref).
-- accounts.auth_method ('password' | 'oauth2') exists since 0001.
ALTER TABLE accounts ADD COLUMN oauth_provider TEXT CHECK (oauth_provider IN ('google', 'microsoft'));
