// Senders whose mail shows its remote images without asking ("Always show images from …").
// Kept in the workspace's settings table, as the recent searches are: the user's choice survives
// a restart in the app and in web mode alike, and is read with every conversation opened.
import type { Database } from 'better-sqlite3'
import { readJsonArray, writeSetting } from '../db/settings'

const KEY = 'image_senders'
/** Far beyond real use; the oldest choice goes first past it, so the list read stays small. */
export const MAX_IMAGE_SENDERS = 2000

/** Addresses are kept folded: a sender writes theirs in any case from one mail to the next. */
const fold = (address: string) => address.trim().toLowerCase()

export class ImageSenders {
  constructor(private readonly db: Database) {}

  /** Oldest choice first. */
  list(): string[] {
    return (readJsonArray(this.db, KEY) ?? []).filter((a): a is string => typeof a === 'string')
  }

  /** Whether mail from this address shows its remote images: a set, to ask for each message. */
  allowed(): (address: string | null) => boolean {
    const senders = new Set(this.list())
    return (address) => address !== null && senders.has(fold(address))
  }

  allow(address: string): string[] {
    const folded = fold(address)
    const list = [...this.list().filter((a) => a !== folded), folded].slice(-MAX_IMAGE_SENDERS)
    this.save(list)
    return list
  }

  stop(address: string): string[] {
    const folded = fold(address)
    const list = this.list().filter((a) => a !== folded)
    this.save(list)
    return list
  }

  private save(list: string[]): void {
    writeSetting(this.db, KEY, JSON.stringify(list))
  }
}
