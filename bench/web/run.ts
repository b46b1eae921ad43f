// Bundle-size benchmark for the resident app: gzipped JS of the first screen and of the lazily loaded map, from Vite's manifest.
// Usage: npx tsx bench/web/run.ts [--no-build]   (last line: `first-screen-kb: <number>`)
import { readFile, readdir } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { dirname, resolve } from 'node:path'

type ManifestChunk = { file: string, imports?: string[], dynamicImports?: string[], css?: string[], assets?: string[], isEntry?: boolean }
type Manifest = Record<string, ManifestChunk>

const here = dirname(fileURLToPath(import.meta.url))
const webRoot = resolve(here, '../../apps/web')
const dist = resolve(webRoot, 'dist')
const BUDGET_KB = 100

async function buildWeb(): Promise<void> {
  const { build } = await import('vite')
  await build({ configFile: resolve(webRoot, 'vite.config.ts'), logLevel: 'warn' })
}

/** Keys of a chunk and everything it imports statically. */
function staticClosure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key) || !manifest[key]) return seen
  seen.add(key)
  for (const imported of manifest[key]!.imports ?? []) staticClosure(manifest, imported, seen)
  return seen
}

async function sizeOf(file: string): Promise<{ raw: number, gzip: number }> {
  const bytes = await readFile(resolve(dist, file))
  return { raw: bytes.length, gzip: gzipSync(bytes).length }
}

const kb = (n: number) => (n / 1024).toFixed(1)

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build') || !existsSync(resolve(dist, '.vite/manifest.json'))) await buildWeb()
  const manifest = JSON.parse(await readFile(resolve(dist, '.vite/manifest.json'), 'utf8')) as Manifest
  const entryKey = 'index.html'
  if (!manifest[entryKey]) throw new Error('no resident entry (index.html) in the manifest')

  const firstKeys = staticClosure(manifest, entryKey)
  const firstJs = [...firstKeys].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'))
  const firstCss = [...firstKeys].flatMap((k) => manifest[k]!.css ?? [])

  const lazyKeys = new Set<string>()
  for (const k of firstKeys) for (const d of manifest[k]!.dynamicImports ?? []) staticClosure(manifest, d, lazyKeys)
  for (const k of firstKeys) lazyKeys.delete(k)
  const mapJs = [...lazyKeys].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'))
  const mapCss = [...lazyKeys].flatMap((k) => manifest[k]!.css ?? [])
  const worker = (await readdir(resolve(dist, 'assets'))).filter((f) => /^maplibre-gl-worker.*\.m?js$/.test(f)).map((f) => `assets/${f}`)

  const rows: { part: string, file: string, raw: number, gzip: number }[] = []
  const add = async (part: string, files: string[]) => { for (const file of files) rows.push({ part, file, ...(await sizeOf(file)) }) }
  await add('first-screen js', firstJs)
  await add('first-screen css', firstCss)
  await add('map chunk js', mapJs)
  await add('map chunk css', mapCss)
  await add('map worker', worker)

  const total = (part: string) => rows.filter((r) => r.part === part).reduce((s, r) => s + r.gzip, 0)
  const firstGzip = total('first-screen js')
  const mapGzip = total('map chunk js')

  const width = Math.max(...rows.map((r) => r.file.length), 4)
  console.log(`${'part'.padEnd(17)} ${'file'.padEnd(width)} ${'raw KB'.padStart(8)} ${'gzip KB'.padStart(8)}`)
  for (const r of rows) console.log(`${r.part.padEnd(17)} ${r.file.padEnd(width)} ${kb(r.raw).padStart(8)} ${kb(r.gzip).padStart(8)}`)
  console.log('')
  console.log(`first screen JS (gzip):        ${kb(firstGzip)} KB of a ${BUDGET_KB} KB budget (ratio ${(firstGzip / 1024 / BUDGET_KB).toFixed(2)})`)
  console.log(`map chunk JS (gzip):           ${kb(mapGzip)} KB, plus worker ${kb(total('map worker'))} KB, loaded only at the "where" step`)
  // Baseline, measured in the same run: the same app with the map in the first screen.
  console.log(`vs. map in first screen:       ${kb(firstGzip + mapGzip)} KB (lazy map ratio ${(firstGzip / (firstGzip + mapGzip)).toFixed(2)})`)
  console.log(`first-screen-kb: ${kb(firstGzip)}`)
}

await main()
