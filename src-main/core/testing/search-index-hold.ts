/**
 * End-to-end tests only: holds the background search index rebuild after its first page until
 * `testing.releaseSearchIndex`, so a test sees it under way (the progress in the sidebar, search
 * meanwhile) without racing it to the end. Web mode makes one only in test mode
 * (RAPPORT_TEST_CLOCK=1) and with this switch; no production host does.
 */
export const HOLD_SEARCH_INDEX_ENV = 'RAPPORT_TEST_HOLD_SEARCH_INDEX'

export class SearchIndexHold {
  private open: () => void = () => undefined
  /** Resolves once released; a release before the rebuild gets there lets it through at once. */
  readonly released = new Promise<void>((resolve) => {
    this.open = resolve
  })

  release(): void {
    this.open()
  }
}

export function searchIndexHoldFromEnv(
  env: NodeJS.ProcessEnv,
  testMode: boolean
): SearchIndexHold | undefined {
  return testMode && env[HOLD_SEARCH_INDEX_ENV] === '1' ? new SearchIndexHold() : undefined
}
