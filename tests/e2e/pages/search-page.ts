import type { Locator, Page } from 'playwright-core'
import { pageRpcValue } from '../fixtures/page-rpc'

/** Page object for the global search bar, its panel, and find in the open conversation. */
export class SearchPage {
  constructor(readonly page: Page) {}

  get input(): Locator {
    return this.page.getByTestId('global-search-input')
  }
  get panel(): Locator {
    return this.page.getByTestId('search-panel')
  }
  get recent(): Locator {
    return this.page.getByTestId('recent-search')
  }
  tab(kind: 'contacts' | 'messages' | 'comments'): Locator {
    return this.page.getByTestId(`search-tab-${kind}`)
  }
  results(kind: 'contact' | 'message' | 'comment'): Locator {
    return this.page.getByTestId(`search-result-${kind}`)
  }
  get findInput(): Locator {
    return this.page.getByTestId('thread-find-input')
  }
  get findCounter(): Locator {
    return this.page.getByTestId('thread-find-counter')
  }

  async search(text: string): Promise<void> {
    await this.input.fill(text)
  }

  /** Marked words in a locator, as shown. */
  async marks(scope: Locator): Promise<string[]> {
    return scope.locator('mark').allTextContents()
  }

  /** Waits until the counter says `text` (the find bar updates as bodies report their matches). */
  async counterIs(text: string): Promise<void> {
    await this.findCounter.filter({ hasText: new RegExp(`^${text}$`) }).waitFor()
  }

  /**
   * Calls a contract command over the page's own authenticated connection (same origin, same
   * token), for what has no UI of this feature: writing an internal comment.
   */
  call(command: string, input: unknown): Promise<unknown> {
    return pageRpcValue(this.page, command, input)
  }
}
