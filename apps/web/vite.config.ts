// Vite build of the web app: resident flow (/) and staff dashboard (/staff/) as separate bundles, plus the service worker.
import { readFile, writeFile } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { dirname, resolve } from 'node:path'
import { defineConfig, type Plugin } from 'vite'

const here = dirname(fileURLToPath(import.meta.url))
const apiTarget = process.env.MELDPUNT_API ?? 'http://127.0.0.1:8080'

// The same policy the API server sends, so `vite preview` shows CSP violations before deployment does.
const csp = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:",
  "worker-src 'self' blob:", "connect-src 'self'", "object-src 'none'", "base-uri 'none'",
  "frame-ancestors 'none'", "form-action 'self'",
].join('; ')

type ManifestChunk = { file: string, imports?: string[], css?: string[], isEntry?: boolean }

/** Files the resident first screen needs: the entry, its static imports and their CSS. */
function residentShell(manifest: Record<string, ManifestChunk>): string[] {
  const files = new Set<string>()
  const visit = (key: string) => {
    const chunk = manifest[key]
    if (!chunk || files.has(chunk.file)) return
    files.add(chunk.file)
    for (const css of chunk.css ?? []) files.add(css)
    for (const imported of chunk.imports ?? []) visit(imported)
  }
  visit('index.html')
  return [...files]
}

// Writes dist/sw.js from the template with the precache list of this build, so every deploy gets a new cache.
function serviceWorker(): Plugin {
  let outDir = ''
  return {
    name: 'meldpunt-service-worker',
    apply: 'build',
    configResolved(config) { outDir = resolve(config.root, config.build.outDir) },
    async writeBundle() {
      const manifest = JSON.parse(await readFile(resolve(outDir, '.vite/manifest.json'), 'utf8'))
      const precache = ['/', ...residentShell(manifest).map((f) => `/${f}`)]
      const version = createHash('sha256').update(precache.join('\n')).digest('hex').slice(0, 12)
      const template = await readFile(resolve(here, 'src/sw/service-worker.js'), 'utf8')
      const code = template
        .replace("'__VERSION__'", JSON.stringify(version))
        .replace('/* __PRECACHE__ */ []', JSON.stringify(precache))
      await writeFile(resolve(outDir, 'sw.js'), code)
    },
  }
}

export default defineConfig({
  base: '/',
  root: here,
  plugins: [serviceWorker()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      input: {
        resident: resolve(here, 'index.html'),
        staff: resolve(here, 'staff/index.html'),
      },
    },
  },
  server: { proxy: { '/api': apiTarget } },
  preview: { headers: { 'Content-Security-Policy': csp, 'Referrer-Policy': 'no-referrer' }, proxy: { '/api': apiTarget } },
})
