// Talks to the Meldpunt API on the page's own origin: JSON in, JSON or RFC 9457 problems out, with timeouts.

export type FieldProblem = { field: string, code: string, message: string }
export type Problem = { type?: string, title?: string, status: number, code?: string, detail?: string, errors?: FieldProblem[] }

/** A help entry as the intake answer lists it (read defensively: see the shared help cards). */
export type { HelpEntry } from '../shared/help-cards.js'
import type { HelpEntry } from '../shared/help-cards.js'

export type ReportCreated = {
  id: string
  receipt: string
  municipality: { code: string, name: string }
  help: HelpEntry[]
  receivedAt: string
}

export class HttpError extends Error {
  constructor(readonly status: number, readonly problem: Problem | undefined) {
    super(problem?.title ?? `HTTP ${status}`)
  }
}

const DEFAULT_TIMEOUT_MS = 20_000

async function readProblem(response: Response): Promise<Problem | undefined> {
  try {
    const body = await response.json() as Problem
    return typeof body === 'object' && body !== null ? { ...body, status: body.status ?? response.status } : undefined
  } catch {
    return undefined
  }
}

export async function request(path: string, init: RequestInit = {}, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Response> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  try {
    // same-origin credentials: resident pages have no cookies, and we never want third-party ones.
    return await fetch(path, { ...init, signal: controller.signal, credentials: 'same-origin', cache: 'no-store' })
  } finally {
    clearTimeout(timer)
  }
}

export async function getJson<T>(path: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
  const response = await request(path, { headers: { Accept: 'application/json' } }, timeoutMs)
  if (!response.ok) throw new HttpError(response.status, await readProblem(response))
  return await response.json() as T
}

export async function postJson<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  if (!response.ok) throw new HttpError(response.status, await readProblem(response))
  return await response.json() as T
}

/** Why a report waits: no answer at all (offline, timeout), or the service said "later" (busy, hourly cap, rate limit). */
export type WaitReason = 'offline' | 'busy' | 'municipality-busy'

export type SendOutcome =
  | { kind: 'created', report: ReportCreated }
  | { kind: 'retry-later', reason: WaitReason, retryAfterMs?: number }
  | { kind: 'rejected', problem: Problem }

/** The longest Retry-After honoured: the hourly cap never asks for more than an hour. */
const MAX_RETRY_AFTER_MS = 60 * 60_000

/** Retry-After in milliseconds, from delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined
  const text = value.trim()
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined
}

/**
 * Sends a report once, with its proof-of-work solution when it has one. Anything that might succeed on a later
 * try (no network, timeout, 5xx such as overload or the hourly cap, 429, 409 "first attempt still running") is
 * retry-later, with the server's Retry-After; the same Idempotency-Key makes retries safe.
 */
export async function sendReport(body: unknown, idempotencyKey: string, lang: string, pow?: string): Promise<SendOutcome> {
  let response: Response
  try {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'Accept-Language': lang,
      'Idempotency-Key': idempotencyKey,
    }
    if (pow) headers['X-Meldpunt-Pow'] = pow
    response = await request('/api/v1/reports', { method: 'POST', headers, body: JSON.stringify(body) })
  } catch {
    return { kind: 'retry-later', reason: 'offline' }
  }
  if (response.status === 201 || response.status === 200) {
    try {
      return { kind: 'created', report: await response.json() as ReportCreated }
    } catch {
      // The body was cut off after the server committed: a retry with the same key replays it.
      return { kind: 'retry-later', reason: 'offline' }
    }
  }
  if (response.status === 409 || response.status === 408 || response.status === 429 || response.status >= 500) {
    const problem = await readProblem(response)
    const reason: WaitReason = problem?.code === 'MELDPUNT_ERR_MUNICIPALITY_BUSY' ? 'municipality-busy' : 'busy'
    return { kind: 'retry-later', reason, retryAfterMs: retryAfterMs(response.headers.get('retry-after')) }
  }
  return { kind: 'rejected', problem: (await readProblem(response)) ?? { status: response.status } }
}

/** A random UUID v4 for the Idempotency-Key (randomUUID needs a secure context; fall back to getRandomValues). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
