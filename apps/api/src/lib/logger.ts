// Pino options that never log a client address, port, User-Agent or receipt code: only method, route and status.
import type { FastifyRequest, FastifyReply, FastifyServerOptions } from 'fastify'
import { randomUUID } from 'node:crypto'

/**
 * Fastify's default request serializer logs remoteAddress and remotePort. This one logs the route pattern
 * (`/api/v1/receipts/:code`), not the URL, so receipt codes and query strings never reach a log line.
 */
export function serializeRequest(req: FastifyRequest): Record<string, unknown> {
  return { id: req.id, method: req.method, route: req.routeOptions?.url ?? 'unmatched' }
}

export function serializeReply(reply: FastifyReply): Record<string, unknown> {
  return { statusCode: reply.statusCode }
}

/** Errors are logged by type, message and stack only: never with request data attached. */
export function serializeError(err: Error & { code?: string; statusCode?: number }): Record<string, unknown> {
  return { type: err.name, code: err.code, statusCode: err.statusCode, message: err.message, stack: err.stack }
}

export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: { req: serializeRequest as never, res: serializeReply as never, err: serializeError as never },
    // Belt and braces: should anything ever attach these fields, pino removes them.
    redact: {
      paths: ['req.headers', 'req.remoteAddress', 'req.remotePort', 'req.ip', 'req.ips', 'headers', 'ip', 'remoteAddress', 'userAgent'],
      remove: true,
    },
  }
}

export const genReqId = (): string => randomUUID()
