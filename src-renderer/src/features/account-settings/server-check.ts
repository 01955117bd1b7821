// The outcome of "Check and save" on a mailbox's servers, kept by the mailbox's settings button:
// the check takes up to a connect timeout, and the user may close the dialog meanwhile. Its
// outcome is then shown beside the button, so a failed check does not pass for a saved one.
import type { ApiError } from '../../../../src-preload/contract'

export type ServerCheck = { state: 'checking' } | { state: 'saved' } | { state: 'failed'; error: ApiError }

export type OnServerCheck = (check: ServerCheck) => void
