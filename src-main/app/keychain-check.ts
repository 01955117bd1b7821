// Whether Electron's safeStorage really encrypts with a key the OS keeps. On Linux without a
// secret service (no GNOME Keyring, no KWallet) it still says "available" but uses the
// `basic_text` backend, whose key is a constant compiled into Chromium: ciphertext anyone can
// decrypt, which for our rule (no plaintext secrets on disk) is plaintext.

export type SafeStorageLike = {
  isEncryptionAvailable(): boolean
  /** Linux only in Electron; absent elsewhere. */
  getSelectedStorageBackend?: () => string
}

const OBFUSCATION_ONLY = new Set(['basic_text', 'unknown'])

export function keychainUsable(storage: SafeStorageLike, platform: NodeJS.Platform): boolean {
  if (!storage.isEncryptionAvailable()) return false
  if (platform !== 'linux' || !storage.getSelectedStorageBackend) return true
  return !OBFUSCATION_ONLY.has(storage.getSelectedStorageBackend())
}
