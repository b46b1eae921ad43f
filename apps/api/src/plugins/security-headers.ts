// Strict security headers on every response: self-only CSP, no referrer, no caching of anything personal.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ')

const FIXED_HEADERS: Record<string, string> = {
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(self), interest-cohort=()',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
}

async function securityHeaders(app: FastifyInstance): Promise<void> {
  app.addHook('onSend', async (req, reply, payload) => {
    for (const [name, value] of Object.entries(FIXED_HEADERS)) reply.header(name, value)
    // The API docs page (swagger-ui) sets its own hash-based CSP; everything else gets ours.
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', CONTENT_SECURITY_POLICY)
    // API answers are personal or live unless a route says otherwise (e.g. public boundaries).
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
    reply.removeHeader('x-powered-by')
    return payload
  })
}

export default fp(securityHeaders, { name: 'security-headers' })
