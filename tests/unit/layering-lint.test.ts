import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// The layering rules are what keep the core runnable under plain Node and the renderer
// sandboxable, so they are tested like code: lint a probe file placed in each layer.
const eslint = new ESLint({ cwd: process.cwd() })

async function restrictedImports(filePath: string, source: string): Promise<number> {
  const [result] = await eslint.lintText(source, { filePath })
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').length
}

describe('layering lint rules', () => {
  it('forbids electron imports in the core and the Node hosts', async () => {
    const source = "import { app } from 'electron'\nexport const name = app.name\n"
    expect(await restrictedImports('src-main/core/probe.ts', source)).toBe(1)
    expect(await restrictedImports('src-main/cli/probe.ts', source)).toBe(1)
    expect(await restrictedImports('src-main/app/probe.ts', source)).toBe(0)
  })

  it('forbids node: imports in the renderer', async () => {
    const source = "import { readFileSync } from 'node:fs'\nexport const read = readFileSync\n"
    expect(await restrictedImports('src-renderer/src/probe.ts', source)).toBe(1)
    expect(await restrictedImports('src-main/core/probe.ts', source)).toBe(0)
  })
})
