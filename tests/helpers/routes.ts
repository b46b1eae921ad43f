// Every route the API serves, from its generated OpenAPI document plus the few it hides, with sample path parameters.
import type { FastifyInstance } from 'fastify'

export interface RouteSample {
  method: string
  /** The OpenAPI path, e.g. /api/v1/receipts/{code}. */
  path: string
  /** A concrete URL for it. */
  url: string
}

const SAMPLE_PARAMS: [RegExp, string][] = [
  [/^\/api\/v1\/municipalities\/\{code\}/, 'GM0363'],
  [/^\/api\/v1\/public\/municipalities\/\{code\}/, 'GM0363'],
  [/^\/api\/v1\/receipts\/\{code\}/, 'ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ'],
]

export function fillPath(path: string): string {
  let url = path
  for (const [pattern, value] of SAMPLE_PARAMS) if (pattern.test(url)) url = url.replace('{code}', value)
  return url
    .replace('{code}', 'BU03639901')
    .replace('{id}', '00000000-0000-4000-8000-000000000000')
    .replace('{z}', '14')
    .replace('{x}', '8414')
    .replace('{y}', '5384')
    .replace(/\{[^}]+\}/g, '1')
}

/** Routes outside the OpenAPI document: metrics, the docs themselves, and the web app if it is built. */
const HIDDEN: RouteSample[] = [
  { method: 'GET', path: '/metrics', url: '/metrics' },
  { method: 'GET', path: '/docs', url: '/docs' },
  { method: 'GET', path: '/docs/json', url: '/docs/json' },
  { method: 'GET', path: '/', url: '/' },
  { method: 'GET', path: '/staff/', url: '/staff/' },
]

export function allRoutes(app: FastifyInstance): RouteSample[] {
  const paths = (app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths
  const out: RouteSample[] = []
  for (const [path, methods] of Object.entries(paths)) {
    for (const method of Object.keys(methods)) {
      if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) out.push({ method: method.toUpperCase(), path, url: fillPath(path) })
    }
  }
  return [...out, ...HIDDEN]
}

export const isStaffPath = (path: string): boolean => path.startsWith('/api/v1/staff')
