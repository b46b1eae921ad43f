// bench/basemap: a base-map tile served from our disk cache against the same tile fetched through us from the upstream
// (the local PDOK stand-in, with a simulated network delay), and the transfer size of the first map view on a phone.
// Usage: npx tsx bench/basemap/run.ts [--runs 200] [--latency-ms 25]
// The upstream delay stands in for the round trip from our server to PDOK; --latency-ms 0 shows the proxy's own cost.
// The last line is `ratio upstream/cached-tile: <n>`.
import { createDatabase } from '@meldpunt/db'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { buildApp } from '../../apps/api/src/app.js'
import { testConfig } from '../../apps/api/src/config.js'
import { startPdokStandIn } from '../../tests/helpers/pdok-stand-in.js'
import { arg, percentile } from '../shared.js'

const RUNS = Number(arg('--runs') ?? 200)
const LATENCY_MS = Number(arg('--latency-ms') ?? 25)
/** The resident map on a 360×740 phone: about 360×300 CSS pixels of map showing the Netherlands. */
const VIEW = { width: 360, height: 300, bounds: [3.2, 50.7, 7.3, 53.6] as const }

const lon2x = (lon: number, z: number) => ((lon + 180) / 360) * 2 ** z
const lat2y = (lat: number, z: number) => ((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z

/** The tiles MapLibre loads for the first view: the zoom that fits the bounds (512 px tiles), floored, and every tile it touches. */
function firstViewTiles(): { z: number, x: number, y: number }[] {
  const [w, s, e, n] = VIEW.bounds
  const fit = Math.min(Math.log2(VIEW.width / 512 / ((e - w) / 360)), Math.log2(VIEW.height / 512 / (lat2y(s, 0) - lat2y(n, 0))))
  const z = Math.max(0, Math.floor(fit))
  const tiles = []
  for (let x = Math.floor(lon2x(w, z)); x <= Math.floor(lon2x(e, z)); x++) {
    for (let y = Math.floor(lat2y(n, z)); y <= Math.floor(lat2y(s, z)); y++) tiles.push({ z, x, y })
  }
  return tiles
}

async function main(): Promise<void> {
  const upstream = await startPdokStandIn({ latencyMs: LATENCY_MS })
  const cacheDir = mkdtempSync(join(tmpdir(), 'basemap-bench-'))
  // The base-map routes never touch the database; an empty embedded one satisfies the app.
  const database = await createDatabase({ dataDir: 'memory://' })
  const app = await buildApp({
    config: testConfig({ ...upstream.config, BASEMAP_CACHE_DIR: cacheDir, RATE_LIMIT_GLOBAL: 1_000_000, MAX_EVENT_LOOP_DELAY_MS: 0, MAX_HEAP_USED_BYTES: 0 }),
    database,
  })
  await app.ready()
  try {
    const timed = async (url: string) => {
      const t0 = performance.now()
      const res = await app.inject({ url })
      const ms = performance.now() - t0
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`)
      return { ms, from: res.headers['x-basemap-cache'], bytes: res.rawPayload.length }
    }
    // Distinct tiles around Amsterdam at zoom 15: each first fetch goes upstream, each second one comes from disk.
    const urls = Array.from({ length: RUNS }, (_, i) => `/basemap/tiles/15/${16820 + (i % 20)}/${10760 + Math.floor(i / 20)}`)
    const upstreamMs: number[] = []
    const cachedMs: number[] = []
    for (const url of urls) {
      const r = await timed(url)
      if (r.from !== 'upstream') throw new Error(`${url} did not go upstream`)
      upstreamMs.push(r.ms)
    }
    for (const url of urls) {
      const r = await timed(url)
      if (r.from !== 'cache') throw new Error(`${url} was not cached`)
      cachedMs.push(r.ms)
    }
    upstreamMs.sort((a, b) => a - b)
    cachedMs.sort((a, b) => a - b)

    const style = await app.inject({ url: '/basemap/style.json' })
    const tiles = firstViewTiles()
    let tileBytes = 0
    for (const t of tiles) tileBytes += (await timed(`/basemap/tiles/${t.z}/${t.x}/${t.y}`)).bytes
    const styleBytes = style.rawPayload.length

    const fmt = (v: number) => v.toFixed(2)
    console.log(`runs: ${RUNS} distinct tiles, upstream delay ${LATENCY_MS} ms`)
    console.log(`upstream tile (through the proxy): p50 ${fmt(percentile(upstreamMs, 0.5))} ms, p95 ${fmt(percentile(upstreamMs, 0.95))} ms`)
    console.log(`cached tile (disk cache):          p50 ${fmt(percentile(cachedMs, 0.5))} ms, p95 ${fmt(percentile(cachedMs, 0.95))} ms`)
    console.log(`first map view on a phone (360x300 map): style ${styleBytes} B + ${tiles.length} tiles at z${tiles[0]?.z} ${tileBytes} B = ${styleBytes + tileBytes} B (stand-in tiles; glyphs on demand)`)
    console.log(`cache on disk: ${app.basemap.cachedBytes} B`)
    console.log(`ratio upstream/cached-tile: ${(percentile(upstreamMs, 0.5) / percentile(cachedMs, 0.5)).toFixed(1)}`)
  } finally {
    await app.close()
    await database.close()
    await upstream.close()
    rmSync(cacheDir, { recursive: true, force: true })
  }
}

await main()
