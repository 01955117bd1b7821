// What is wrong with a search query, said in English for the CLI and logs. The UI words the same
// problems in its own language (ApiError.problems), so the core's sentence never reaches it.
import type { SearchProblem } from '../../../src-preload/contract'
import { CoreError } from '../errors'
import { MAX_TERMS } from './query-parser'

export function describeProblem({ reason, value }: SearchProblem): string {
  switch (reason) {
    case 'unknownHas':
      return `"${value}" is not known; use has:attachment.`
    case 'unknownIs':
      return `"${value}" is not known; use is:unread, is:read or is:flagged.`
    case 'badDate':
      return `"${value}" needs a date written like 2024-05-31.`
    case 'tooManyTerms':
      return `A search can have at most ${MAX_TERMS} words and operators; this one has ${value}.`
  }
}

/** The refusal of a query that cannot run: the English sentences, and the problems for the UI. */
export function invalidQueryError(problems: SearchProblem[]): CoreError {
  return new CoreError('INVALID_INPUT', problems.map(describeProblem).join(' '), 'query', {
    problems
  })
}
