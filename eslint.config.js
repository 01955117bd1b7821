import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

// Layering, as in VS Code's code-layering rule: the core runs under plain Node in four hosts,
// so it may never import electron; the renderer runs sandboxed, so it may never import node:.
const noElectronInCore = {
  files: ['src-main/core/**/*.ts', 'src-main/web/**/*.ts', 'src-main/cli/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      { paths: [{ name: 'electron', message: 'The core runs under plain Node: no electron imports here.' }] }
    ]
  }
}

const noNodeInRenderer = {
  files: ['src-renderer/**/*.{ts,tsx}', 'src-preload/contract.ts', 'src-preload/contract/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: ['node:*'], message: 'The renderer is sandboxed: no node: imports.' },
          { group: ['electron'], message: 'The renderer talks to the core through the contract only.' }
        ]
      }
    ]
  }
}

export default tseslint.config(
  { ignores: ['out/**', 'out-*/**', 'dist/**', 'node_modules/**', 'test-results/**', 'bench/.corpus/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
    }
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error'
    }
  },
  noElectronInCore,
  noNodeInRenderer
)
