// The background of a person's avatar: a stable hue per name, as light as it can be while its
// white initials keep 4.5:1 (WCAG AA for small text). One lightness for every hue left yellows,
// greens and cyans at 2.7:1, since the eye sees those hues far brighter than blues or reds.

/** Percent, as in the CSS. */
const SATURATION = 55
/** The lightness every avatar had; hues dark enough there keep it. */
const MAX_LIGHTNESS = 45
const MIN_CONTRAST_WITH_WHITE = 4.5

export function avatarHue(name: string): number {
  let hash = 0
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) | 0
  return Math.abs(hash) % 360
}

/**
 * sRGB channels (0–1) of hsl(hue, 55%, lightness%) as painted: each one of 256 levels, which is what
 * WCAG and axe measure (unrounded, hsl(204 55% 44%) passed at 4.50:1 and is painted at 4.48:1).
 */
function hslToRgb(hue: number, lightness: number): [number, number, number] {
  const l = lightness / 100
  const a = (SATURATION / 100) * Math.min(l, 1 - l)
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12
    return Math.round((l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))) * 255) / 255
  }
  return [channel(0), channel(8), channel(4)]
}

export function contrastWithWhite(hue: number, lightness: number): number {
  const [r, g, b] = hslToRgb(hue, lightness).map((c) =>
    c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  ) as [number, number, number]
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)
}

/** The CSS background for this name's avatar. */
export function avatarBackground(name: string): string {
  return avatarBackgroundForHue(avatarHue(name))
}

export function avatarBackgroundForHue(hue: number): string {
  let lightness = MAX_LIGHTNESS
  // More than 4.5:1, as axe checks it (exactly 4.5 fails there).
  while (contrastWithWhite(hue, lightness) <= MIN_CONTRAST_WITH_WHITE) lightness -= 1
  return `hsl(${hue} ${SATURATION}% ${lightness}%)`
}
