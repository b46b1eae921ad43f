// Builds the web app once before the browser tests into a private folder, so the tests run against the current
// source and a concurrent `npm run build:web` (which empties apps/web/dist) cannot pull files from under them.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { BROWSER_DIST } from './dist.js'

export default async function setup(): Promise<void> {
  if (process.env.SKIP_WEB_BUILD === '1' && existsSync(`${BROWSER_DIST}/index.html`)) return
  const { build } = await import('vite')
  // Vitest sets NODE_ENV=test, which would make Vite build with import.meta.env.PROD false (no service worker).
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({
      configFile: fileURLToPath(new URL('../../apps/web/vite.config.ts', import.meta.url)),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: BROWSER_DIST, emptyOutDir: true },
    })
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
}
