// Sends one alert to a municipality's webhook: a signed JSON POST to a checked public address, no redirects.
import { createHmac } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import { OutboundRefused, resolveOutboundTarget, type OutboundTarget } from './outbound-address.js'

export interface WebhookAttempt {
  ok: boolean
  /** HTTP status, or null when no answer came (refused, timeout). */
  status: number | null
  /**
   * A class, never details: the resolver's or socket's words ("ECONNREFUSED" vs a timeout) would let whoever sets the
   * URL map which ports are open, and the response body is the receiver's data, not ours.
   */
  error: 'address not allowed' | 'not reachable' | `HTTP ${number}` | null
}

/**
 * `t=<unix seconds>,sha256=<hex HMAC of "<t>.<body>">`. The timestamp is signed with the body, so a receiver that
 * rejects signatures older than a few minutes (README, "Spike alerts") cannot be fed a recorded delivery again.
 */
export function signBody(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

/** A lookup that answers with the address already checked, so the connection cannot go anywhere else. */
function pinnedLookup(target: OutboundTarget): LookupFunction {
  return (_host, options, callback) => {
    if (options.all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }])
    else callback(null, target.address, target.family)
  }
}

function post(target: OutboundTarget, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<number> {
  const client = target.url.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const req = client.request(target.url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: pinnedLookup(target), signal, agent: false }, (res) => {
      // The body is not read into memory; drop it so the socket is freed.
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end(body)
  })
}

/**
 * One POST. Redirects are not followed (node's http client never does): a redirect could point the server at an
 * address inside its own network. The Idempotency-Key lets a receiver drop a repeat, should an answer be lost after
 * it was sent (the one case in which a delivery can arrive twice).
 */
export async function postWebhook(
  url: string,
  body: string,
  options: { id: string; secret: string | null; timeoutMs: number; allowHosts?: readonly string[]; signal?: AbortSignal; now?: Date; event?: 'spike-alert' | 'test' },
): Promise<WebhookAttempt> {
  let target: OutboundTarget
  try {
    target = await resolveOutboundTarget(url, options.allowHosts)
  } catch (e) {
    if (e instanceof OutboundRefused) return { ok: false, status: null, error: e.reason === 'address' ? 'address not allowed' : 'not reachable' }
    throw e
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'meldpunt-alerts/1',
    'idempotency-key': options.id,
    'x-meldpunt-event': options.event ?? 'spike-alert',
  }
  if (options.secret) headers['x-meldpunt-signature'] = signBody(options.secret, body, Math.floor((options.now ?? new Date()).getTime() / 1000))
  const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])]
  try {
    const status = await post(target, headers, body, AbortSignal.any(signals))
    if (status >= 200 && status < 300) return { ok: true, status, error: null }
    return { ok: false, status, error: `HTTP ${status}` }
  } catch {
    return { ok: false, status: null, error: 'not reachable' }
  }
}
