// Same-origin client for the staff API: JSON in and out, the session's CSRF token on writes, problems as ApiError.
import type { Problem as ApiProblem } from '@meldpunt/core/api'

/** The API's problem, or one made up here: when something in between answered (no type or code) or nothing did (NETWORK). */
export type Problem = Omit<ApiProblem, 'type' | 'code'> & { type?: string, code?: ApiProblem['code'] | 'NETWORK' }

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem) {
    super(problem.detail ?? problem.title)
  }
}

export type Query = Record<string, string | number | readonly (string | number)[] | null | undefined>

let csrfToken: string | null = null
let onUnauthenticated: () => void = () => {}

export function setCsrf(token: string | null): void { csrfToken = token }
export function setUnauthenticatedHandler(handler: () => void): void { onUnauthenticated = handler }

export const API = '/api/v1'

/** Query string with lists joined by commas and empty values left out. */
export function queryString(query: Query = {}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === '') continue
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(','))
    } else params.set(key, String(value))
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

/** An absolute URL on this origin (MapLibre's workers cannot resolve relative ones). */
export function absoluteUrl(path: string, query?: Query): string {
  return new URL(`${path}${queryString(query)}`, location.href).href
}

async function problemOf(response: Response): Promise<Problem> {
  try {
    const body = await response.json() as Problem
    if (body && typeof body === 'object' && 'title' in body) return body
  } catch {
    // not JSON: fall through to a generic problem
  }
  return { title: response.statusText || 'Request failed', status: response.status }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  query?: Query
  body?: unknown
  /** A file sent as the body itself (the server tells the format from its bytes). */
  file?: Blob
  signal?: AbortSignal
  /** Do not route a 401 to the sign-in screen (the session probe and the login itself). */
  quietUnauthenticated?: boolean
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET'
  const headers: Record<string, string> = { accept: 'application/json' }
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  if (options.file) headers['content-type'] = 'application/octet-stream'
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken
  let response: Response
  for (let attempt = 0; ; attempt++) {
    try {
      response = await fetch(`${API}${path}${queryString(options.query)}`, {
        method,
        headers,
        credentials: 'same-origin',
        body: options.file ?? (options.body === undefined ? null : JSON.stringify(options.body)),
        ...(options.signal ? { signal: options.signal } : {}),
      })
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error
      throw new ApiError(0, { title: 'network', status: 0, code: 'NETWORK' })
    }
    // A busy server sheds load with 503 and Retry-After: a read is safe to ask again, a write is left to the person.
    const wait = Number(response.headers.get('retry-after'))
    if (method !== 'GET' || response.status !== 503 || attempt >= 2 || !(wait >= 0 && wait <= 10)) break
    await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 1) * 1000))
  }
  if (!response.ok) {
    const problem = await problemOf(response)
    if (response.status === 401 && !options.quietUnauthenticated) onUnauthenticated()
    throw new ApiError(response.status, problem)
  }
  if (response.status === 204) return undefined as T
  return await response.json() as T
}

export const isAbort = (error: unknown): boolean => (error as Error | null)?.name === 'AbortError'

// GET answers kept briefly, so switching language or going back re-renders without asking the server again.
const cache = new Map<string, { at: number, value: Promise<unknown> }>()
const CACHE_MS = 60_000

export function getCached<T>(path: string, query?: Query): Promise<T> {
  const key = `${path}${queryString(query)}`
  const hit = cache.get(key)
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value as Promise<T>
  const value = request<T>(path, query ? { query } : {})
  value.catch(() => cache.delete(key))
  cache.set(key, { at: Date.now(), value })
  return value
}

/** After a write or sign-out: nothing read before may be shown again. */
export function clearCache(): void { cache.clear() }
