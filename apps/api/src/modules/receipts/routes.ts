// POST /api/v1/receipts/lookup and POST /api/v1/receipts/additions: a reporter comes back with the code shown once at intake.
import { ErrorCode, normalizeReceiptCode } from '@meldpunt/core'
import { AdditionReceipt, Problem, ReceiptAdditionRequest, ReceiptCodeParams, ReceiptLookup, ReceiptStatus } from '@meldpunt/core/api'
import { ADDITION_LIMITS, addToReceipt, findByReceipt } from '@meldpunt/db'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { randomUUID } from 'node:crypto'
import { ProblemError } from '../../lib/problems.js'
import { hashReceiptCode } from '../intake/service.js'

function notFound(): ProblemError {
  // One answer for malformed and unknown codes, so the response tells a guesser nothing.
  return new ProblemError(ErrorCode.NOT_FOUND, { detail: 'No report has this receipt code. Check the code and try again.' })
}

function receiptHash(code: string): Buffer {
  const canonical = normalizeReceiptCode(code)
  if (!canonical) throw notFound()
  return hashReceiptCode(canonical)
}

const receipts: FastifyPluginAsyncZod<{ rateLimit: number }> = async (app, opts) => {
  const strict = { rateLimit: { max: opts.rateLimit, timeWindow: '1 minute' } }

  app.post(
    '/lookup',
    {
      config: strict,
      schema: {
        summary: 'Status and additions of the report a receipt code belongs to',
        description: 'The code travels in the body: a URL path ends up in the logs of every proxy on the way.',
        tags: ['intake'],
        body: ReceiptLookup,
        response: { 200: ReceiptStatus, 400: Problem, 404: Problem, 429: Problem },
      },
    },
    async (req, reply) => {
      const found = await findByReceipt(app.db, receiptHash(req.body.code))
      if (!found) throw notFound()
      reply.header('cache-control', 'no-store')
      return {
        status: found.status,
        receivedAt: found.receivedAt.toISOString(),
        municipality: { code: found.municipalityCode, name: found.municipalityName },
        additions: found.additions.map((a) => ({ at: a.at.toISOString(), text: a.text })),
      }
    },
  )

  app.post(
    '/additions',
    {
      config: strict,
      schema: {
        summary: 'Add something to a report later',
        description: `A report takes at most ${ADDITION_LIMITS.count} additions of ${ADDITION_LIMITS.chars} characters all together; beyond that 409.`,
        tags: ['intake'],
        body: ReceiptAdditionRequest,
        response: { 201: AdditionReceipt, 400: Problem, 404: Problem, 409: Problem, 413: Problem, 429: Problem },
      },
    },
    async (req, reply) => {
      const added = await addToReceipt(app.db, receiptHash(req.body.code), randomUUID(), req.body.text)
      if (!added) throw notFound()
      if (added === 'full') {
        throw new ProblemError(ErrorCode.ADDITIONS_FULL, {
          detail: `This report already holds ${ADDITION_LIMITS.count} additions or ${ADDITION_LIMITS.chars} characters of them. For something new, file a new report.`,
        })
      }
      return reply.code(201).send({ addedAt: added.addedAt.toISOString() })
    },
  )

  // The first version put the code in the path. Those addresses now answer 410 without reading the code, and say
  // where to send it instead.
  const gone = () => {
    throw new ProblemError(ErrorCode.GONE, { detail: 'Receipt codes are no longer sent in the address. Send { "code": … } to POST /api/v1/receipts/lookup (or /additions).' })
  }
  app.get('/:code', { config: strict, schema: { hide: true, params: ReceiptCodeParams, response: { 410: Problem, 429: Problem } } }, gone)
  app.post('/:code/additions', { config: strict, schema: { hide: true, params: ReceiptCodeParams, response: { 410: Problem, 429: Problem } } }, gone)
}

export default receipts
