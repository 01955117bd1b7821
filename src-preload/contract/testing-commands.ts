import { z } from 'zod'
import { IsoDate } from './mail-shapes'

// Commands that exist only for end-to-end tests. The core refuses them (FORBIDDEN) unless its
// host was started in test mode (RAPPORT_TEST_CLOCK=1, web mode only), so an ordinary
// Rapport cannot have its clock moved by a page or a script.

const DAY_MS = 24 * 3_600_000

export const testingCommands = {
  /** Moves the core's clock forward and runs what fell due (snooze wake-ups). */
  'testing.advanceClock': {
    input: z
      .object({
        ms: z
          .number()
          .int()
          .min(0)
          .max(366 * DAY_MS)
      })
      .strict(),
    output: z.object({ now: IsoDate, woken: z.number().int() })
  },
  /**
   * Lets the search index rebuild go on past its first page, where a core started with
   * RAPPORT_TEST_HOLD_SEARCH_INDEX=1 holds it (src-main/core/testing/search-index-hold.ts).
   */
  'testing.releaseSearchIndex': {
    input: z.object({}).strict(),
    output: z.object({ released: z.literal(true) })
  }
} as const
