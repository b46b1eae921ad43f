// GET /api/v1/receipts/:code and POST …/additions: a reporter comes back with the code shown once at intake.
import { ErrorCode, normalizeReceiptCode } from '@meldpunt/core'
import { AdditionReceipt, Problem, ReceiptCodeParams as CodeParams, ReceiptStatus, ReportAddition } from '@meldpunt/core/api'
import { addToReceipt, findByReceipt } from '@meldpunt/db'
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

  app.get(
    '/:code',
    { config: strict, schema: { summary: 'Status and additions of the report a receipt code belongs to', tags: ['intake'], params: CodeParams, response: { 200: ReceiptStatus, 404: Problem, 429: Problem } } },
    async (req) => {
      const found = await findByReceipt(app.db, receiptHash(req.params.code))
      if (!found) throw notFound()
      return {
        status: found.status,
        receivedAt: found.receivedAt.toISOString(),
        municipality: { code: found.municipalityCode, name: found.municipalityName },
        additions: found.additions.map((a) => ({ at: a.at.toISOString(), text: a.text })),
      }
    },
  )

  app.post(
    '/:code/additions',
    {
      config: strict,
      schema: {
        summary: 'Add something to a report later',
        tags: ['intake'],
        params: CodeParams,
        body: ReportAddition,
        response: { 201: AdditionReceipt, 400: Problem, 404: Problem, 413: Problem, 429: Problem },
      },
    },
    async (req, reply) => {
      const added = await addToReceipt(app.db, receiptHash(req.params.code), randomUUID(), req.body.text)
      if (!added) throw notFound()
      return reply.code(201).send({ addedAt: added.addedAt.toISOString() })
    },
  )
}

export default receipts
