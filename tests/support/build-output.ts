import { resolve } from 'node:path'

/** Where `npm run build` wrote the app; RAPPORT_OUT_DIR moves it, as electron.vite.config.ts does. */
export const OUT_DIR = resolve(process.env.RAPPORT_OUT_DIR ?? 'out')

export const outPath = (...parts: string[]): string => resolve(OUT_DIR, ...parts)
