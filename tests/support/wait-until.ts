// Waits for a state that announces itself with no event (a proxy's count of connections, a
// status read from the core): checked every 20 ms until it holds, or an error naming it.

export async function waitUntil(what: string, condition: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
