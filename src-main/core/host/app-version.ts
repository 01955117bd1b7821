declare const __RAPPORT_VERSION__: string | undefined

/** The version shown in the UI; injected at build time when available. */
export const appVersion = typeof __RAPPORT_VERSION__ === 'string' ? __RAPPORT_VERSION__ : '0.1.0'
