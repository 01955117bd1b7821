// Parses the To field of the composer: addresses separated by commas, semicolons or spaces.

const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/

export type ParsedAddresses = { addresses: string[]; invalid: string[] }

export function parseAddressList(text: string): ParsedAddresses {
  const items = text
    .split(/[,;\s]+/)
    .map((item) => item.trim().replace(/^<|>$/g, ''))
    .filter(Boolean)
  return {
    addresses: items.filter((item) => EMAIL.test(item)),
    invalid: items.filter((item) => !EMAIL.test(item))
  }
}
