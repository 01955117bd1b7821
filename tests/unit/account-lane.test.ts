import { describe, expect, it } from 'vitest'
import { AccountLane } from '../../src-main/core/sync/account-lane'

/** A promise with its resolve, to hold a piece of work in the lane until the test lets it go. */
function held() {
  let release!: () => void
  const done = new Promise<void>((resolve) => (release = resolve))
  return { done, release }
}

describe('AccountLane', () => {
  it('says other work waits behind the running piece, not the IDLE round queued behind every piece', async () => {
    const lane = new AccountLane()
    const pass = held()
    let started!: () => void
    const passing = new Promise<void>((resolve) => (started = resolve))
    const running = lane.run(() => {
      started()
      return pass.done
    })
    await passing
    const idle = lane.runInterruptible(
      async () => undefined,
      () => undefined
    )
    expect(lane.hasWaiting).toBe(false)
    const send = lane.run(async () => 'sent')
    expect(lane.hasWaiting).toBe(true)
    pass.release()
    await running
    expect(await send).toBe('sent')
    await idle
    expect(lane.hasWaiting).toBe(false)
  })

  it('runs work one piece at a time, in order', async () => {
    const lane = new AccountLane()
    const order: string[] = []
    const first = held()
    const a = lane.run(async () => {
      await first.done
      order.push('a')
    })
    const b = lane.run(async () => void order.push('b'))
    await Promise.resolve()
    expect(order).toEqual([])
    first.release()
    await Promise.all([a, b])
    expect(order).toEqual(['a', 'b'])
  })

  it('lets whoever queued work stop waiting: rejected at once, skipped when its turn comes', async () => {
    const lane = new AccountLane()
    const first = held()
    const running = lane.run(() => first.done)
    const stop = new AbortController()
    let ran = false
    const queued = lane.run(async () => void (ran = true), stop.signal)
    const after = lane.run(async () => 'after')
    stop.abort(new Error('stopped'))
    await expect(queued).rejects.toThrow('stopped')
    expect(lane.hasWaiting).toBe(true)
    first.release()
    await running
    expect(await after).toBe('after')
    expect(ran).toBe(false)
    expect(lane.hasWaiting).toBe(false)
  })

  it('stops waiting for work already running, and what comes after still waits for it', async () => {
    const lane = new AccountLane()
    const stop = new AbortController()
    const work = held()
    let finished = false
    const running = lane.run(async () => {
      await work.done
      finished = true
    }, stop.signal)
    const after = lane.run(async () => finished)
    await Promise.resolve()
    stop.abort(new Error('stopped'))
    await expect(running).rejects.toThrow('stopped')
    work.release()
    expect(await after).toBe(true)
  })

  it('rejects at once, running nothing, when the signal was aborted before', async () => {
    const lane = new AccountLane()
    let ran = false
    await expect(
      lane.run(async () => void (ran = true), AbortSignal.abort(new Error('gone')))
    ).rejects.toThrow('gone')
    expect(ran).toBe(false)
  })
})
