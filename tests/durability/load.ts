// Intake load for the overload test and bench: open-loop (a fixed arrival rate, evenly spaced) or closed-loop (N clients
// sending back to back); every request a new report under its own Idempotency-Key; records status and latency of each.
// Not autocannon: its rate limit lets each connection send its whole quota at the start of every second, so 1× the
// sustainable rate arrives as a once-a-second burst and measures burst tolerance instead.
import { CATEGORY_IDS, SETTING_IDS } from '@meldpunt/core'
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import { performance } from 'node:perf_hooks'
import { contractBody } from '../fixtures.js'

// City centres of ten municipalities: a national campaign's reports spread over places, categories and settings.
const CENTRES: [number, number][] = [
  [52.3731, 4.8922], [51.9244, 4.4777], [52.0705, 4.3007], [52.0907, 5.1214], [51.4416, 5.4697],
  [53.2194, 6.5665], [51.5555, 5.0913], [52.3508, 5.2647], [51.5719, 4.7683], [51.8126, 5.8372],
]

/** Report bodies spread like a real flood: ten cities, every category and setting, a few hundred metres apart. */
export function spreadBodies(n = 500): string[] {
  return Array.from({ length: n }, (_, i) => {
    const [lat, lon] = CENTRES[i % CENTRES.length]!
    return JSON.stringify(
      contractBody({
        category: CATEGORY_IDS[(i * 7) % CATEGORY_IDS.length],
        setting: SETTING_IDS[(i * 3) % SETTING_IDS.length],
        location: { lat: lat + ((i * 37) % 100) / 10_000, lon: lon + ((i * 53) % 100) / 10_000, precision: 'exact' },
        description: `overload ${i}`,
      }),
    )
  })
}

export interface Sample {
  status: number | 'error' | 'timeout'
  ms: number
  key: string
}

export interface LoadResult {
  durationS: number
  samples: Sample[]
}

export interface LoadSummary {
  sent: number
  sentPerS: number
  created: number
  createdPerS: number
  overloaded: number
  other: Record<string, number>
  p50Ms: number
  p99Ms: number
  /** p99 of the 503 answers alone: how fast a refusal is. */
  p99RefusalMs: number
  acked: string[]
}

const BODIES = spreadBodies()
let bodyIndex = 0

function send(agent: http.Agent, base: URL, timeoutMs: number): Promise<Sample> {
  const key = randomUUID()
  const body = BODIES[bodyIndex++ % BODIES.length]!
  const t0 = performance.now()
  return new Promise((resolve) => {
    let settled = false
    const done = (status: Sample['status']) => {
      if (settled) return
      settled = true
      resolve({ status, ms: performance.now() - t0, key })
    }
    const req = http.request(
      { agent, host: base.hostname, port: base.port, method: 'POST', path: '/api/v1/reports', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'idempotency-key': key } },
      (res) => {
        res.resume()
        res.on('end', () => done(res.statusCode ?? 0))
        res.on('error', () => done('error'))
      },
    )
    req.setTimeout(timeoutMs, () => {
      done('timeout')
      req.destroy()
    })
    req.on('error', () => done('error'))
    req.end(body)
  })
}

/** Requests arriving at `rate` per second, evenly spaced, whatever the answers do (how phones behave). */
export async function openLoop(url: string, rate: number, durationS: number, timeoutMs = 10_000): Promise<LoadResult> {
  // At most 256 connections, below the server's listen backlog (511): in production a reverse proxy pools
  // connections the same way. With 2,048 the burst of new connections overflowed the backlog once intake got
  // fast enough, and the kernel's resets were counted as the server failing to answer.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 })
  const base = new URL(url)
  const pending: Promise<Sample>[] = []
  const start = performance.now()
  let sent = 0
  for (;;) {
    const elapsed = (performance.now() - start) / 1000
    if (elapsed >= durationS) break
    const due = Math.floor(elapsed * rate)
    while (sent < due) {
      pending.push(send(agent, base, timeoutMs))
      sent++
    }
    await new Promise((r) => setTimeout(r, 1))
  }
  const samples = await Promise.all(pending)
  agent.destroy()
  return { durationS, samples }
}

/** `clients` clients each sending the next report as soon as the last is answered: the most the server can take. */
export async function closedLoop(url: string, clients: number, durationS: number, timeoutMs = 10_000): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients })
  const base = new URL(url)
  const samples: Sample[] = []
  const end = performance.now() + durationS * 1000
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) samples.push(await send(agent, base, timeoutMs))
    }),
  )
  agent.destroy()
  return { durationS, samples }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

export function summarize(r: LoadResult): LoadSummary {
  const other: Record<string, number> = {}
  for (const s of r.samples) if (s.status !== 201 && s.status !== 503) other[String(s.status)] = (other[String(s.status)] ?? 0) + 1
  const created = r.samples.filter((s) => s.status === 201)
  const refused = r.samples.filter((s) => s.status === 503)
  return {
    sent: r.samples.length,
    sentPerS: r.samples.length / r.durationS,
    created: created.length,
    createdPerS: created.length / r.durationS,
    overloaded: refused.length,
    other,
    p50Ms: percentile(r.samples.map((s) => s.ms), 50),
    p99Ms: percentile(r.samples.map((s) => s.ms), 99),
    p99RefusalMs: percentile(refused.map((s) => s.ms), 99),
    acked: created.map((s) => s.key),
  }
}

/** Samples a process's resident memory while `work` runs; returns the work's result and the peak. */
export async function withPeakRss<T>(rss: () => number, work: () => Promise<T>, everyMs = 100): Promise<{ result: T; peakRss: number }> {
  let peak = rss()
  const timer = setInterval(() => (peak = Math.max(peak, rss())), everyMs)
  try {
    const result = await work()
    return { result, peakRss: Math.max(peak, rss()) }
  } finally {
    clearInterval(timer)
  }
}
