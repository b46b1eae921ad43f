// POST /api/v1/reports: anonymous intake, exactly once per Idempotency-Key.
import { ErrorCode } from '@meldpunt/core'
import { IDEMPOTENCY_KEY_PATTERN, IntakeHeaders, LangQuery, NewReport, Problem, ReportReceipt } from '@meldpunt/core/api'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { sendText } from '../../lib/send-text.js'
import { ProblemError } from '../../lib/problems.js'
import { pickLang } from '../../lib/language.js'
import type { SpentChallenge } from '../../plugins/proof-of-work.js'

const reports: FastifyPluginAsyncZod<{ rateLimit: number }> = async (app, opts) => {
  // The solved challenge each request brings, from the preHandler to the handler that stores it with the report.
  const challenges = new WeakMap<object, SpentChallenge>()
  app.post(
    '',
    {
      config: { rateLimit: { max: opts.rateLimit, timeWindow: '1 minute' } },
      // The key is checked before the body so a client learns first that it must send one.
      preValidation: async (req) => {
        const key = req.headers['idempotency-key']
        if (key === undefined || key === '') {
          throw new ProblemError(ErrorCode.IDEMPOTENCY_KEY_MISSING, {
            detail: 'Send an Idempotency-Key header (for example a random UUID) so a retry cannot file the report twice.',
            errors: [{ field: 'Idempotency-Key', code: 'required', message: 'The Idempotency-Key header is required.' }],
          })
        }
        if (typeof key !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
          throw new ProblemError(ErrorCode.IDEMPOTENCY_KEY_INVALID, {
            detail: 'The Idempotency-Key must be 16–128 letters, digits, dashes or underscores (a UUID works).',
            errors: [{ field: 'Idempotency-Key', code: 'invalid_format', message: 'Use 16–128 letters, digits, dashes or underscores.' }],
          })
        }
      },
      // Proof of work (when required) after validation, so a malformed body never spends a solved challenge.
      preHandler: async (req) => {
        const spent = await app.proofOfWork.check(req)
        if (spent) challenges.set(req, spent)
      },
      schema: {
        summary: 'File an anonymous report',
        description: 'Requires an Idempotency-Key header. A retry with the same key and body replays the first answer byte for byte.',
        tags: ['intake'],
        querystring: LangQuery,
        headers: IntakeHeaders,
        body: NewReport,
        response: { 201: ReportReceipt, 400: Problem, 403: Problem, 409: Problem, 413: Problem, 422: Problem, 429: Problem, 503: Problem },
      },
    },
    async (req, reply) => {
      const key = req.headers['idempotency-key'] as string
      const spent = challenges.get(req)
      const result = await app.intake.file(req.body, key, pickLang(req), spent)
      if (spent) app.proofOfWork.remember(spent, key)
      if (result.replayed) reply.header('idempotency-replayed', 'true')
      // The stored string is sent as is: a replay is byte-identical to the first answer.
      return sendText(reply.code(result.status as 201), result.body)
    },
  )
}

export default reports
