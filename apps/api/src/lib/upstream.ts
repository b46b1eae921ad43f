// Requests to third-party services (base map, place search) made by the server on a resident's behalf.

/** Raised when an upstream is slow, down or answers nonsense; routes answer 503 with Retry-After. */
export class UpstreamUnavailable extends Error {
  constructor(readonly upstreamStatus?: number) {
    super(upstreamStatus ? `Upstream answered ${upstreamStatus}.` : 'Upstream did not answer in time.')
  }
}

/**
 * Fetches with a fixed, minimal set of headers of our own: nothing of the resident's request (address, cookie,
 * referrer, User-Agent, language) is ever forwarded, so the upstream learns only that this server asked.
 */
export async function fetchUpstream(url: string, accept: string, timeoutMs: number): Promise<Response> {
  let res: Response
  try {
    res = await fetch(url, {
      headers: { accept, 'user-agent': 'Meldpunt-server', 'accept-language': 'nl' },
      redirect: 'follow',
      referrerPolicy: 'no-referrer',
      credentials: 'omit',
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch {
    throw new UpstreamUnavailable()
  }
  if (res.status >= 500 || res.status === 429) {
    await res.body?.cancel()
    throw new UpstreamUnavailable(res.status)
  }
  return res
}

/** Seconds the upstream lets us reuse an answer (Cache-Control max-age / s-maxage); 0 for no-store or no-cache. */
export function maxAgeOf(cacheControl: string | null, fallbackSeconds: number): number {
  if (!cacheControl) return fallbackSeconds
  const directives = cacheControl.toLowerCase().split(',').map((d) => d.trim())
  if (directives.some((d) => d === 'no-store' || d === 'no-cache' || d === 'private')) return 0
  const age = directives.map((d) => /^(?:s-maxage|max-age)=(\d+)$/.exec(d)?.[1]).find((v) => v !== undefined)
  return age === undefined ? fallbackSeconds : Number(age)
}
