// The API as a child process on a loopback port (start, SIGKILL, SIGTERM, restart) and an HTTP client that retries reports.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Settings that keep the child about the test at hand: no demo data, no purge timer, limits out of the way. */
export const CHILD_DEFAULTS: Record<string, string> = {
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  SEED_DEMO: 'false',
  RETENTION_INTERVAL_MINUTES: '0',
  RATE_LIMIT_REPORTS: '10000000',
  RATE_LIMIT_RECEIPTS: '10000000',
  RATE_LIMIT_GLOBAL: '10000000',
  MUNICIPALITY_HOURLY_CAP: '10000000',
  // Load generators here do not solve challenges; required with DATABASE_URL, the key is shared by every child.
  POW_REQUIRED: 'false',
  ALTCHA_HMAC_KEY: 'durability-test-key-0123456789abcdef0123456789',
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port
      srv.close(() => resolve(port))
    })
  })
}

export interface Child {
  proc: ChildProcess
  port: number
  url: string
  /** Resolves with the exit code (or the signal's name) when the process has ended. */
  exited: Promise<number | string>
  /** What the child wrote to stderr and stdout (warnings, errors), for failure messages. */
  output(): string
  rssBytes(): number
}

/** Starts `node --import tsx apps/api/src/server.ts` (one process, so a signal reaches the server itself) and waits until ready. */
export async function startApi(env: Record<string, string>, port?: number): Promise<Child> {
  const p = port ?? (await freePort())
  const proc = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...CHILD_DEFAULTS, ...env, PORT: String(p) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  proc.stdout!.on('data', (d) => (out = (out + d).slice(-20_000)))
  proc.stderr!.on('data', (d) => (out = (out + d).slice(-20_000)))
  const exited = new Promise<number | string>((resolve) => proc.once('exit', (code, signal) => resolve(code ?? signal ?? -1)))
  const child: Child = {
    proc,
    port: p,
    url: `http://127.0.0.1:${p}`,
    exited,
    output: () => out,
    rssBytes: () => {
      try {
        const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))?.[1]
        return kb ? Number(kb) * 1024 : 0
      } catch {
        return 0
      }
    },
  }
  const deadline = Date.now() + 60_000
  let done = false
  void exited.then(() => (done = true))
  while (!done && Date.now() < deadline) {
    try {
      const res = await fetch(`${child.url}/readyz`, { signal: AbortSignal.timeout(1000) })
      if (res.ok) return child
    } catch {
      // not listening yet
    }
    await sleep(100)
  }
  proc.kill('SIGKILL')
  throw new Error(`API did not become ready on port ${p}:\n${out}`)
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export interface Attempt {
  status: number | 'network-error'
  body?: string
  /** The answer is the stored one of an earlier attempt (Idempotency-Replayed). */
  replayed?: boolean
}

/** One report attempt; a network error (refused, reset, timed out) is an outcome, not an exception. */
export async function postReport(url: string, key: string, body: string, timeoutMs = 10_000): Promise<Attempt> {
  try {
    const res = await fetch(`${url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    })
    return { status: res.status, body: await res.text(), replayed: res.headers.get('idempotency-replayed') === 'true' }
  } catch {
    return { status: 'network-error' }
  }
}
