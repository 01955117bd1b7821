// A loopback TCP proxy in front of a real server (Dovecot's IMAP port), for fault tests: it pipes
// bytes both ways unchanged, logs what the client sent, and cuts connections on demand, after N
// bytes of a FETCH response, or once the client is in IDLE. It can also freeze (stop forwarding
// without closing), which is what a silently dead connection looks like to the client, or leave
// new connections unanswered, as a server that accepts them and never greets.
import { connect, createServer, type AddressInfo, type Socket } from 'node:net'

type Pair = {
  client: Socket
  server: Socket
  id: number
  toServer: Buffer[]
  frozen: boolean
  /** Client bytes wait for this before going on to the server, in order. */
  held: Promise<void>
  /** Server bytes after the last line end, held while response codes are being stripped. */
  partial: Buffer
}
/** May return a promise: the chunk (and all after it) reaches the server once it settles. */
type TriggerClient = (pair: Pair, chunk: Buffer) => Promise<void> | void
/**
 * What happens after a partial forward: a close (FIN, the default), a reset (RST), silence, or
 * an untagged BYE, the rest of the chunk and then silence (a server going down whose close is
 * slow to follow).
 */
type After = 'close' | 'reset' | 'freeze' | 'bye'
const BYE = Buffer.from('* BYE Server shutting down.\r\n')
type Trigger = { onClientData?: TriggerClient; onServerData?: TriggerServer; after?: After }
/** Returns how many bytes of the chunk to forward before cutting (or freezing), or null to forward it all. */
type TriggerServer = (pair: Pair, chunk: Buffer) => number | null

/**
 * Notes the tag of the client's command matching `command` on each connection, and when the
 * server's tagged answer to it arrives, calls `onReply` and says where that answer starts: the
 * trigger's `after` (a BYE, a freeze) then happens just before the client would hear it.
 */
function atTaggedReply(command: RegExp, onReply: () => void): Omit<Trigger, 'after'> {
  const tags = new Map<Pair, string>()
  return {
    onClientData: (pair, chunk) => {
      const line = chunk
        .toString('latin1')
        .split('\r\n')
        .find((l) => command.test(l))
      if (line && !tags.has(pair)) tags.set(pair, line.split(' ')[0]!)
    },
    onServerData: (pair, chunk) => {
      const tag = tags.get(pair)
      if (tag === undefined) return null
      const text = chunk.toString('latin1')
      const at = text.startsWith(`${tag} `) ? 0 : text.indexOf(`\r\n${tag} `)
      if (at === -1) return null
      onReply()
      return at === 0 ? 0 : at + 2
    }
  }
}

/** A command the proxy answers on the server's behalf (see TcpProxy.refuse). */
export interface Refusal {
  /** Resolves once the command has been refused `times` times in all. */
  refused(times: number): Promise<void>
  /** Lets the command through to the server again. */
  stop(): void
}

export interface TcpProxy {
  host: '127.0.0.1'
  port: number
  /** Connections accepted so far (a reconnect shows as a new one). */
  readonly accepted: number
  /** Connections open now. */
  readonly open: number
  /** Connections open now that the proxy leaves unanswered (see mute). */
  readonly unanswered: number
  /**
   * Leaves every new connection open and silent, never passed on to the server, until the
   * returned function is called: to the client, a server that accepts and never greets (a login
   * then waits for its connect timeouts). Connections already open go on as they were.
   */
  mute(): () => void
  /** Everything every client sent towards the server, in order, per connection. */
  clientBytes(): Buffer[]
  /** Destroys every open connection at once, as a network failure would. */
  cutAll(): void
  /**
   * Cuts the next connection that receives a FETCH response carrying a message body, after
   * `bytes` bytes of that response, with a FIN or (`'reset'`) an RST. Resolves when the cut has happened.
   */
  cutMidFetch(bytes: number, how?: 'close' | 'reset'): Promise<void>
  /**
   * Holds the `nth` client command matching `command` (counted over all connections) until
   * `action` has run, then lets it through: a way to make something happen at an exact moment.
   */
  beforeCommand(command: RegExp, nth: number, action: () => Promise<void>): Promise<void>
  /**
   * Like cutMidFetch, but the connection stays open and silent after those bytes: what a
   * connection dropped by a NAT box or a VPN looks like in the middle of an import.
   */
  freezeMidFetch(bytes: number): Promise<void>
  /**
   * Cuts every connection, present and future, once the server has sent it `bytes` bytes, until
   * the returned function is called: a slow link that drops at regular intervals, where no
   * connection lasts long enough for more than that much mail.
   */
  cutEachAfter(bytes: number): () => void
  /**
   * Lets the next client command matching `command` reach the server, then cuts that connection
   * as the answer comes back: the server did the work, the client never hears so.
   */
  cutReplyTo(command: RegExp): Promise<void>
  /**
   * Lets the next client command matching `command` through, and puts an untagged BYE into the
   * server's answer just before its tagged line; then the connection goes silent without closing.
   * The client sees its command complete on a session that has already ended, and no close event
   * follows to tell it so.
   */
  byeAfterReplyTo(command: RegExp): Promise<void>
  /**
   * Runs `action` as the server's tagged answer to the next client command matching `command`
   * arrives, before the client gets it; the answer is then held and the connection goes silent.
   * The server did the work, and whatever `action` does (a crash test kills the client) happens
   * before the client can hear so. The returned function disarms it if it has not fired.
   */
  atReplyTo(command: RegExp, action: () => void): () => void
  /**
   * Answers every client command matching `command` (a chunk holding that one command line) with
   * `answer` under the command's tag, on the server's behalf, until the returned function is
   * called: a server that refuses a command, say Microsoft 365's "NO Request is throttled".
   */
  refuse(command: RegExp, answer: string): Refusal
  /**
   * Takes a response code (`COPYUID`) out of every server answer until the returned function is
   * called. Dovecot sends COPYUID even where it announces no UIDPLUS; without it, a client must
   * find copied mail by other means, as on servers that really lack it.
   */
  stripResponseCode(code: string): () => void
  /** Cuts the next connection whose IDLE the server has accepted. Resolves after the cut. */
  cutInIdle(): Promise<void>
  /** Stops forwarding on the next connection that enters IDLE, without closing it. */
  freezeInIdle(): Promise<void>
  close(): Promise<void>
}

/**
 * The server's data without the response codes in `patterns`, whole lines only: a line split
 * across two chunks waits for its end, so a code cut in two is still found (latin1 keeps every
 * byte as it was).
 */
function stripCodes(pair: Pair, chunk: Buffer, patterns: Set<RegExp>): Buffer {
  if (patterns.size === 0 && pair.partial.length === 0) return chunk
  const data = Buffer.concat([pair.partial, chunk])
  const last = data.lastIndexOf('\r\n')
  const end = patterns.size === 0 ? data.length : last < 0 ? 0 : last + 2
  pair.partial = data.subarray(end)
  let text = data.subarray(0, end).toString('latin1')
  for (const pattern of patterns) text = text.replace(pattern, '')
  return Buffer.from(text, 'latin1')
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>()
  const log: Buffer[][] = []
  const triggers = new Set<Trigger>()
  const refusals = new Set<{ command: RegExp; answer: string; count: () => void }>()
  const stripped = new Set<RegExp>()
  let accepted = 0
  let muted = false
  const unanswered = new Set<Socket>()

  const cut = (pair: Pair) => {
    pair.client.destroy()
    pair.server.destroy()
    pairs.delete(pair)
  }

  const listener = createServer((client) => {
    const id = accepted++
    if (muted) {
      unanswered.add(client)
      client.on('error', () => client.destroy())
      client.on('close', () => unanswered.delete(client))
      return
    }
    const server = connect(target.port, target.host)
    const pair: Pair = {
      client,
      server,
      id,
      toServer: [],
      frozen: false,
      held: Promise.resolve(),
      partial: Buffer.alloc(0)
    }
    log.push(pair.toServer)
    pairs.add(pair)
    client.on('data', (chunk: Buffer) => {
      pair.toServer.push(chunk)
      const line = chunk.toString('latin1').replace(/\r\n$/, '')
      const refusal = [...refusals].find((r) => r.command.test(line))
      if (refusal) {
        client.write(`${line.split(' ')[0]} ${refusal.answer}\r\n`)
        refusal.count()
        return
      }
      const holds = [...triggers].map((t) => t.onClientData?.(pair, chunk))
      pair.held = pair.held
        .then(() => Promise.all(holds))
        .then(() => {
          if (!pair.frozen && pairs.has(pair)) server.write(chunk)
        })
    })
    server.on('data', (data: Buffer) => {
      if (pair.frozen) return
      const chunk = stripCodes(pair, data, stripped)
      if (chunk.length === 0) return
      for (const t of [...triggers]) {
        const forward = t.onServerData?.(pair, chunk) ?? null
        if (forward === null) continue
        pair.frozen = true // nothing more is forwarded while the partial chunk drains
        if (t.after === 'bye') {
          // The BYE goes in before the rest (the tagged line), and then the connection goes silent.
          client.write(Buffer.concat([chunk.subarray(0, forward), BYE, chunk.subarray(forward)]))
          return
        }
        client.write(chunk.subarray(0, forward), () => {
          if (t.after === 'freeze') return
          // A reset is what a dropped Wi-Fi or a NAT box that forgot the connection sends.
          if (t.after === 'reset') pair.client.resetAndDestroy()
          cut(pair)
        })
        return
      }
      client.write(chunk)
    })
    const end = () => cut(pair)
    for (const socket of [client, server]) {
      socket.on('error', end)
      socket.on('close', end)
    }
  })
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject)
    listener.listen(0, '127.0.0.1', () => resolve())
  })

  /** Arms a one-shot trigger; `fire` resolves the returned promise. */
  const arm = (make: (fire: () => void) => Trigger): Promise<void> =>
    new Promise((resolve) => {
      const trigger = make(() => {
        triggers.delete(trigger)
        resolve()
      })
      triggers.add(trigger)
    })

  /** Watches each connection's commands for IDLE; once the server accepts one, acts on that connection. */
  const whenIdle = (act: (pair: Pair) => void) =>
    arm((fire) => {
      const idling = new Set<Pair>()
      let done = false
      return {
        onClientData: (pair, chunk) => {
          if (/^\S+ IDLE\r\n/m.test(chunk.toString('latin1'))) idling.add(pair)
        },
        onServerData: (pair, chunk) => {
          if (done || !idling.has(pair) || !/^\+ /m.test(chunk.toString('latin1'))) return null
          done = true
          // The continuation goes through first, so the client really is waiting in IDLE.
          setImmediate(() => {
            act(pair)
            fire()
          })
          return null
        }
      }
    })

  /** Acts on the next connection that receives a FETCH response carrying a message body, after `bytes` bytes. */
  const midFetch = (bytes: number, after: After) => {
    return arm((fire) => {
      const fetching = new Map<Pair, number>()
      return {
        onClientData: (pair, chunk) => {
          if (/ FETCH .*BODY(\.PEEK)?\[\]/i.test(chunk.toString('latin1'))) fetching.set(pair, 0)
        },
        onServerData: (pair, chunk) => {
          const seen = fetching.get(pair)
          if (seen === undefined) return null
          if (seen + chunk.length < bytes) {
            fetching.set(pair, seen + chunk.length)
            return null
          }
          fire()
          return bytes - seen
        },
        after
      }
    })
  }

  return {
    host: '127.0.0.1',
    port: (listener.address() as AddressInfo).port,
    get accepted() {
      return accepted
    },
    get open() {
      return pairs.size
    },
    get unanswered() {
      return unanswered.size
    },
    mute() {
      muted = true
      return () => void (muted = false)
    },
    clientBytes: () => log.map((chunks) => Buffer.concat(chunks)),
    cutAll() {
      for (const pair of [...pairs]) cut(pair)
    },
    cutMidFetch: (bytes, how = 'close') => midFetch(bytes, how),
    freezeMidFetch: (bytes) => midFetch(bytes, 'freeze'),
    cutEachAfter(bytes) {
      const seen = new Map<Pair, number>()
      const trigger: Trigger = {
        onServerData: (pair, chunk) => {
          const before = seen.get(pair) ?? 0
          seen.set(pair, before + chunk.length)
          return before + chunk.length <= bytes ? null : bytes - before
        }
      }
      triggers.add(trigger)
      return () => void triggers.delete(trigger)
    },
    beforeCommand(command, nth, action) {
      let ran: Promise<void> | null = null
      const armed = arm((fire) => {
        let seen = 0
        return {
          onClientData: (_pair, chunk) => {
            if (!command.test(chunk.toString('latin1')) || ++seen !== nth) return
            ran = action()
            // The command goes through whether or not the action worked; the caller sees its error.
            return ran.catch(() => undefined).finally(fire)
          }
        }
      })
      return armed.then(() => ran!)
    },
    cutReplyTo(command) {
      return arm((fire) => {
        const asked = new Set<Pair>()
        return {
          onClientData: (pair, chunk) => {
            if (command.test(chunk.toString('latin1'))) asked.add(pair)
          },
          onServerData: (pair) => {
            if (!asked.has(pair)) return null
            fire()
            return 0
          }
        }
      })
    },
    byeAfterReplyTo(command) {
      // The BYE just before the tagged line: the session is over before the command completes.
      return arm((fire) => ({ ...atTaggedReply(command, fire), after: 'bye' }))
    },
    atReplyTo(command, action) {
      const trigger: Trigger = {
        ...atTaggedReply(command, () => {
          triggers.delete(trigger)
          action()
        }),
        after: 'freeze'
      }
      triggers.add(trigger)
      return () => void triggers.delete(trigger)
    },
    refuse(command, answer) {
      let times = 0
      const waiting: Array<{ times: number; resolve: () => void }> = []
      const count = () => {
        times++
        for (const w of waiting.filter((w) => w.times <= times)) {
          waiting.splice(waiting.indexOf(w), 1)
          w.resolve()
        }
      }
      const refusal = { command, answer, count }
      refusals.add(refusal)
      return {
        refused: (n) =>
          n <= times ? Promise.resolve() : new Promise((resolve) => waiting.push({ times: n, resolve })),
        stop: () => void refusals.delete(refusal)
      }
    },
    stripResponseCode(code) {
      const pattern = new RegExp(`\\[${code}( [^\\]]*)?\\] ?`, 'g')
      stripped.add(pattern)
      return () => void stripped.delete(pattern)
    },
    cutInIdle() {
      return whenIdle(cut)
    },
    freezeInIdle() {
      return whenIdle((pair) => (pair.frozen = true))
    },
    async close() {
      for (const pair of [...pairs]) cut(pair)
      for (const socket of unanswered) socket.destroy()
      await new Promise<void>((resolve) => listener.close(() => resolve()))
    }
  }
}
