// GET /api/v1/challenge: a proof-of-work challenge the web app solves before it sends a report.
import { Challenge, Problem } from '@meldpunt/core/api'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'

const challenge: FastifyPluginAsyncZod<{ rateLimit: number }> = async (app, opts) => {
  app.get(
    '/challenge',
    {
      config: { rateLimit: { max: opts.rateLimit, timeWindow: '1 minute' } },
      schema: {
        summary: 'A proof-of-work challenge (ALTCHA v2, PBKDF2/SHA-256) to solve before filing a report',
        description:
          'Solve it (altcha-lib solveChallenge) and send base64(JSON {challenge, solution: {counter, derivedKey}}) in the X-Meldpunt-Pow header of POST /api/v1/reports. One solution files one report; a retry with the same Idempotency-Key may reuse it.',
        tags: ['intake'],
        response: { 200: Challenge, 429: Problem, 503: Problem },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'no-store')
      // Passed through whole: the client must send back exactly the parameters that were signed.
      return (await app.proofOfWork.issue()) as unknown as Challenge
    },
  )
}

export default challenge
