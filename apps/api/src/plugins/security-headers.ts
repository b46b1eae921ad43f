// Strict security headers on every response: self-only CSP, no referrer, no caching of anything personal.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
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

/**
 * The API docs page: swagger-ui's own policy (which carries the hashes of its inline script and style) without
 * what it allows from elsewhere (https: fonts and styles, validator.swagger.io images), and not framable.
 */
export function docsContentSecurityPolicy(header: string): string {
  return header
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d !== '' && d !== 'upgrade-insecure-requests')
    .map((d) =>
      d
        .split(/\s+/)
        .filter((source) => !/^(https?:|\*)$|\./.test(source) || source.startsWith("'"))
        .join(' ')
        .replace(/^frame-ancestors .*/, "frame-ancestors 'none'"),
    )
    .join('; ')
}

const FIXED_HEADERS: Record<string, string> = {
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(self), interest-cohort=()',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
}

/** Sets the policy on one reply; also called where Fastify answers without running hooks (malformed URLs). */
export function applySecurityHeaders(req: FastifyRequest, reply: FastifyReply): void {
  for (const [name, value] of Object.entries(FIXED_HEADERS)) reply.header(name, value)
  // The API docs page (swagger-ui) sets its own hash-based CSP; everything else gets ours.
  if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', CONTENT_SECURITY_POLICY)
  // API answers are personal or live unless a route says otherwise (e.g. public boundaries).
  if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
  reply.removeHeader('x-powered-by')
}

async function securityHeaders(app: FastifyInstance): Promise<void> {
  app.addHook('onSend', async (req, reply, payload) => {
    applySecurityHeaders(req, reply)
    return payload
  })
}

export default fp(securityHeaders, { name: 'security-headers' })
