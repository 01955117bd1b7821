// A part of the page marked `data-own-keys` takes every key typed in it for itself: the search
// bar with its panel, shown over the conversation the single-key shortcuts would change. The
// shortcuts and the Escape of a layer opened elsewhere (a menu, the notification centre) leave
// those keys to it.
export function inOwnKeysPart(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('[data-own-keys]') !== null
}
