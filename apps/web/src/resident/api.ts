// Talks to the Meldpunt API on the page's own origin: JSON in, JSON or RFC 9457 problems out, with timeouts.

export type FieldProblem = { field: string, code: string, message: string }
export type Problem = { type?: string, title?: string, status: number, code?: string, detail?: string, errors?: FieldProblem[] }

export type HelpEntry = {
  id: string
  name: string
  phone?: string
  tel?: string
  url?: string
  text?: string
  urgency?: string | number
  reason?: string
}

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

async function request(path: string, init: RequestInit = {}, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Response> {
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

export type SendOutcome =
  | { kind: 'created', report: ReportCreated }
  | { kind: 'retry-later' }
  | { kind: 'rejected', problem: Problem }

/**
 * Sends a report once. Anything that might succeed on a later try (no network, timeout, 5xx,
 * 409 "first attempt still running") is retry-later; the same Idempotency-Key makes retries safe.
 */
export async function sendReport(body: unknown, idempotencyKey: string, lang: string): Promise<SendOutcome> {
  let response: Response
  try {
    response = await request('/api/v1/reports', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'Accept-Language': lang,
        'Idempotency-Key': idempotencyKey,
      },
      body: JSON.stringify(body),
    })
  } catch {
    return { kind: 'retry-later' }
  }
  if (response.status === 201 || response.status === 200) {
    try {
      return { kind: 'created', report: await response.json() as ReportCreated }
    } catch {
      // The body was cut off after the server committed: a retry with the same key replays it.
      return { kind: 'retry-later' }
    }
  }
  if (response.status === 409 || response.status === 408 || response.status >= 500) return { kind: 'retry-later' }
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
