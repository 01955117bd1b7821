-- An account paused for "sign in again" before its reason was kept as the server's own words
-- (accounts.state_reason) holds Rapport's English sentence around them, which the UI showed as
-- "the server said" in every language, and the API wrapped in its sentence a second time. The
-- server's words are taken out of the two sentences that held them; any other (a pause of
-- Rapport's own, such as an expired stored sign-in) had none, and is cleared as it is now.
UPDATE accounts SET state_reason = CASE
    WHEN state_reason LIKE 'The % server rejected the user name or password (%). Check them and try again; some providers need an app password.'
      THEN substr(
        state_reason,
        instr(state_reason, 'password (') + 10,
        length(state_reason) - (instr(state_reason, 'password (') + 10)
          - length('). Check them and try again; some providers need an app password.') + 1
      )
    WHEN state_reason LIKE 'The sign-in server refused the authorization (%). Sign in again.'
      THEN substr(
        state_reason,
        length('The sign-in server refused the authorization (') + 1,
        length(state_reason) - length('The sign-in server refused the authorization (')
          - length('). Sign in again.')
      )
    ELSE NULL
  END
WHERE state = 'needs-signin' AND state_reason IS NOT NULL;
