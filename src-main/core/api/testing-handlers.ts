import type { Core } from '../core'
import { CoreError } from '../errors'
import type { Handlers } from './handlers'

/** Test-only commands; refused unless the core was started with a test clock. */
export function createTestingHandlers(core: Core) {
  return {
    'testing.advanceClock': ({ ms }) => {
      const clock = core.testClock
      if (!clock)
        throw new CoreError(
          'FORBIDDEN',
          'testing.advanceClock works only in a core started for tests (RAPPORT_TEST_CLOCK=1 in web mode).'
        )
      const now = clock.advance(ms)
      const snoozes = core.workspace.crm.snoozes
      const woken = snoozes.wakeDue()
      snoozes.arm()
      return { now: new Date(now).toISOString(), woken: woken.length }
    },
    'testing.releaseSearchIndex': () => {
      const hold = core.searchIndexHold
      if (!hold)
        throw new CoreError(
          'FORBIDDEN',
          'testing.releaseSearchIndex works only in a core started for tests with RAPPORT_TEST_HOLD_SEARCH_INDEX=1.'
        )
      hold.release()
      return { released: true as const }
    }
  } satisfies Partial<Handlers>
}
