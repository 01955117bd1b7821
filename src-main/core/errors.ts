import type { ApiError, ErrorCode, SearchProblem } from '../../src-preload/contract'

/** An expected failure with a stable code; it crosses the contract as `{ok:false, error}`. */
export class CoreError extends Error {
  override name = 'CoreError'
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /**
     * heldBy, for ALREADY_EXISTS: the id of what holds the value already (ApiError.heldBy);
     * problems, for INVALID_INPUT of a search query: what is wrong with it (ApiError.problems);
     * serverText, for AUTH_FAILED from a server: its own words, kept as the paused account's
     * stateReason, which the UI shows in any language beside its own sentence;
     * settingsCheck, for LOGIN_REFUSED_FOR_NOW while settings are checked (ApiError.settingsCheck).
     */
    readonly details: {
      heldBy?: string
      problems?: SearchProblem[]
      serverText?: string
      settingsCheck?: boolean
    } = {}
  ) {
    super(message)
  }

  toApiError(): ApiError {
    return {
      code: this.code,
      message: this.message,
      ...(this.field ? { field: this.field } : {}),
      ...(this.details.heldBy ? { heldBy: this.details.heldBy } : {}),
      ...(this.details.problems ? { problems: this.details.problems } : {}),
      // Only for a refusal for now, whose text the UI words itself: AUTH_FAILED keeps its
      // serverText as the account's stateReason instead.
      ...(this.code === 'LOGIN_REFUSED_FOR_NOW' && this.details.serverText
        ? { serverText: this.details.serverText }
        : {}),
      ...(this.details.settingsCheck ? { settingsCheck: true } : {})
    }
  }
}

export function isCoreError(error: unknown): error is CoreError {
  return error instanceof CoreError
}
