// Sends a body that is already text, past the route's response serializer.
import type { FastifyReply } from 'fastify'

/**
 * The response schema would parse and stringify the text again: wasted work on large GeoJSON, and a replayed intake
 * answer must go out byte for byte as first stored. Callers pass what the schema describes, already serialised.
 */
export function sendText(reply: FastifyReply, body: string, type = 'application/json; charset=utf-8'): FastifyReply {
  return reply
    .type(type)
    .serializer((payload) => payload as string)
    .send(body as never)
}
