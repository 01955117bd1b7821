import { defineConfig } from 'vitest/config'

// Three projects, run one at a time by tests/run-all.mjs (`npm test`):
//   unit        pure logic, in-memory SQLite, fast and parallel
//   integration the core against a real Dovecot + SMTP relay (tests/support): slow servers, 2 cores,
//               so files run one after another; each file starts and stops its own servers
//   e2e         Playwright + Chromium against web mode, one file at a time
// The core's `.sql` migrations are loaded with import.meta.glob('?raw'), which vitest handles natively.
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' }
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false
        }
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false
        }
      }
    ]
  }
})
