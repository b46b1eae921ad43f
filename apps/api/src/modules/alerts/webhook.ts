// Sends one alert to a municipality's webhook: a signed JSON POST with the alert id as idempotency key, no redirects.
import { createHmac } from 'node:crypto'

export interface WebhookAttempt {
  ok: boolean
  /** HTTP status, or null when no answer came (refused, timeout). */
  status: number | null
  /** Short reason for the delivery log; never the response body (it is the receiver's data, not ours). */
  error: string | null
}

/** `sha256=<hex HMAC of the exact body>`, as GitHub-style receivers verify it. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
}

/**
 * One POST. Redirects are not followed: a webhook that answers with a redirect could point the server at
 * an address inside its own network. The Idempotency-Key lets a receiver drop a repeat, should an answer
 * be lost after it was sent (the one case in which a delivery can arrive twice).
 */
export async function postWebhook(
  url: string,
  body: string,
  options: { id: string; secret: string | null; timeoutMs: number; signal?: AbortSignal },
): Promise<WebhookAttempt> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'meldpunt-alerts/1',
    'idempotency-key': options.id,
    'x-meldpunt-event': 'spike-alert',
  }
  if (options.secret) headers['x-meldpunt-signature'] = signBody(options.secret, body)
  const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])]
  try {
    const res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.any(signals) })
    // The body is not read into memory; cancel it so the connection is freed.
    await res.body?.cancel().catch(() => {})
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, error: null }
    return { ok: false, status: res.status, error: `HTTP ${res.status}` }
  } catch (e) {
    const name = (e as Error).name
    return { ok: false, status: null, error: name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : `not reachable (${(e as { cause?: { code?: string } }).cause?.code ?? name})` }
  }
}
