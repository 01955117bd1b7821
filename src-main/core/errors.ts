import type { ApiError, ErrorCode } from '../../src-preload/contract'

/** An expected failure with a stable code; it crosses the contract as `{ok:false, error}`. */
export class CoreError extends Error {
  override name = 'CoreError'
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** ALREADY_EXISTS: the id of what holds the value already (see ApiError.heldBy). */
    readonly heldBy?: string
  ) {
    super(message)
  }

  toApiError(): ApiError {
    return {
      code: this.code,
      message: this.message,
      ...(this.field ? { field: this.field } : {}),
      ...(this.heldBy ? { heldBy: this.heldBy } : {})
    }
  }
}

export function isCoreError(error: unknown): error is CoreError {
  return error instanceof CoreError
}
