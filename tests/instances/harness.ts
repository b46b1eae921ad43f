// Several API processes on loopback ports behind a real HAProxy (Debian package), and an HTTP client that binds to
// a chosen loopback address (127.0.0.2, 127.0.0.3, ...) so each address is a different resident.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, sleep, startApi, type Child } from '../durability/harness.js'

export const HAPROXY = process.env.HAPROXY_BIN ?? '/usr/sbin/haproxy'
export const SHARED_KEY = 'instances-test-altcha-key-0123456789abcdef'

/** The HAProxy configuration the README documents (deploy/haproxy/haproxy.cfg), with test ports and timings. */
export function haproxyConfig(frontPort: number, backends: readonly number[]): string {
  return `global
  maxconn 2000
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  retries 2
  option redispatch
frontend meldpunt
  bind 127.0.0.1:${frontPort}
  # The client address as this proxy saw it, replacing whatever the client sent.
  http-request set-header X-Forwarded-For %[src]
  default_backend api
backend api
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
${backends.map((p, i) => `  server api${i} 127.0.0.1:${p} check inter 300ms fall 2 rise 2`).join('\n')}
`
}

export interface Proxy {
  url: string
  port: number
  proc: ChildProcess
  stop(): Promise<void>
}

export async function startHaproxy(backends: readonly number[]): Promise<Proxy> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'meldpunt-haproxy-'))
  const cfg = join(dir, 'haproxy.cfg')
  writeFileSync(cfg, haproxyConfig(port, backends))
  const proc = spawn(HAPROXY, ['-db', '-f', cfg], { stdio: ['ignore', 'ignore', 'pipe'] })
  let err = ''
  proc.stderr!.on('data', (d) => (err += d))
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 100; i++) {
    const res = await send(`${url}/readyz`).catch(() => null)
    if (res?.status === 200) break
    if (proc.exitCode !== null) throw new Error(`haproxy exited: ${err}`)
    await sleep(100)
  }
  return {
    url,
    port,
    proc,
    stop: async () => {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM')
        await new Promise((r) => proc.once('exit', r))
      }
    },
  }
}

/** API children sharing one database and one ALTCHA key, trusting the proxy on 127.0.0.1; started one after another (migrations). */
export async function startInstances(n: number, env: Record<string, string> = {}): Promise<Child[]> {
  const children: Child[] = []
  for (let i = 0; i < n; i++) {
    children.push(await startApi({ TRUST_PROXY: '127.0.0.1', ALTCHA_HMAC_KEY: SHARED_KEY, POW_REQUIRED: 'true', POW_COST: '5', POW_MAX_COUNTER: '50', SPIKE_SCHEDULE: 'false', ...env }))
  }
  return children
}

export interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/** One HTTP request from `localAddress` (default 127.0.0.1): a different loopback address is a different resident. */
export function send(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string; timeoutMs?: number } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers, localAddress: opts.localAddress, agent: false, timeout: opts.timeoutMs ?? 10_000 }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end(opts.body)
  })
}
