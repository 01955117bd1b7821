/**
 * The pieces of a message posted to a parse worker, as a stream its parser reads. `taken` is
 * called as the parser takes each one: the sender posts more only then, so a worker busy with
 * another message holds a few pieces of this one, never all of it.
 */
export class PieceQueue implements AsyncIterable<Buffer> {
  private readonly pieces: Buffer[] = []
  private state: 'open' | 'ended' | 'failed' = 'open'
  private wake: (() => void) | null = null

  constructor(private readonly taken: () => void) {}

  push(piece: Buffer): void {
    this.pieces.push(piece)
    this.notify()
  }

  /** All pieces were posted. */
  end(): void {
    this.state = 'ended'
    this.notify()
  }

  /** The message stopped arriving (its download failed): what came is not a message. */
  fail(): void {
    this.state = 'failed'
    this.notify()
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    for (;;) {
      const piece = this.pieces.shift()
      if (piece) {
        this.taken()
        yield piece
        continue
      }
      if (this.state === 'failed') throw new Error('The message stopped arriving before its end.')
      if (this.state === 'ended') return
      await new Promise<void>((resolve) => (this.wake = resolve))
    }
  }

  private notify(): void {
    const wake = this.wake
    this.wake = null
    wake?.()
  }
}
