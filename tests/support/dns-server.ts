// A tiny authoritative DNS server on 127.0.0.1 (UDP, random port) for tests of provider
// detection: node's dns.Resolver#setServers(['127.0.0.1:PORT']) asks it real DNS questions,
// and it answers from a fixed zone with real DNS packets (encoded by the maintained dns-packet).
import { createSocket, type Socket } from 'node:dgram'
import type { AddressInfo } from 'node:net'
import dnsPacket, { type Answer } from 'dns-packet'

export type ZoneRecord =
  | { name: string; type: 'SRV'; priority: number; weight: number; port: number; target: string }
  | { name: string; type: 'MX'; preference: number; exchange: string }
  | { name: string; type: 'A'; address: string }

export interface DnsServer {
  /** "127.0.0.1:PORT", for Resolver#setServers. */
  address: string
  /** Every question asked, as "TYPE name", to prove which lookups happened. */
  queries: string[]
  stop(): Promise<void>
}

function toAnswer(record: ZoneRecord): Answer {
  const base = { name: record.name, ttl: 60, class: 'IN' as const }
  if (record.type === 'SRV') {
    return {
      ...base,
      type: 'SRV',
      data: { priority: record.priority, weight: record.weight, port: record.port, target: record.target }
    }
  }
  if (record.type === 'MX')
    return { ...base, type: 'MX', data: { preference: record.preference, exchange: record.exchange } }
  return { ...base, type: 'A', data: record.address }
}

export async function startDnsServer(zone: ZoneRecord[]): Promise<DnsServer> {
  const socket: Socket = createSocket('udp4')
  const queries: string[] = []
  socket.on('message', (message, remote) => {
    let query: ReturnType<typeof dnsPacket.decode>
    try {
      query = dnsPacket.decode(message)
    } catch {
      return // not DNS: ignore, like a real server
    }
    const question = query.questions?.[0]
    if (!question) return
    queries.push(`${question.type} ${question.name}`)
    const answers = zone
      .filter((r) => r.name.toLowerCase() === question.name.toLowerCase() && r.type === question.type)
      .map(toAnswer)
    const known = zone.some((r) => r.name.toLowerCase() === question.name.toLowerCase())
    const response = dnsPacket.encode({
      id: query.id,
      type: 'response',
      // NXDOMAIN (rcode 3) for names not in the zone, NOERROR with no answers for other types.
      flags: dnsPacket.AUTHORITATIVE_ANSWER | (known ? 0 : 3),
      questions: [question],
      answers
    })
    socket.send(response, remote.port, remote.address)
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject)
    socket.bind(0, '127.0.0.1', () => resolve())
  })
  const { port } = socket.address() as AddressInfo
  return {
    address: `127.0.0.1:${port}`,
    queries,
    stop: () => new Promise((resolve) => socket.close(() => resolve()))
  }
}
