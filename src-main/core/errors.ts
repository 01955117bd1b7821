import type { ApiError, ErrorCode } from '../../src-preload/contract'

/** An expected failure with a stable code; it crosses the contract as `{ok:false, error}`. */
export class CoreError extends Error {
  override name = 'CoreError'
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string
  ) {
    super(message)
  }

  toApiError(): ApiError {
    return this.field
      ? { code: this.code, message: this.message, field: this.field }
      : { code: this.code, message: this.message }
  }
}

export function isCoreError(error: unknown): error is CoreError {
  return error instanceof CoreError
}
