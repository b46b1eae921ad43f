// /api/v1/staff/me/totp (every staff member, their own account) and /api/v1/staff/security (a municipality's admins).
import { Problem, RecoveryCodes, SecondFactorCode, SecuritySettings, TotpCodeBody, TotpSetup, TotpStatus } from '@meldpunt/core/api'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { municipalityOf, principal } from '../staff/context.js'

const errors = { 400: Problem, 401: Problem, 403: Problem, 409: Problem, 429: Problem }

const totpRoutes: FastifyPluginAsyncZod = async (app) => {
  const totp = app.staffTotp
  const tags = ['staff']
  // An admin who must still enrol reaches these. Routes that check a code are limited like a sign-in: a stolen
  // session must not be able to guess its way to turning the second step off.
  const own = { beforeSecondFactorEnrolment: true }
  const codeChecked = { ...own, rateLimit: { max: app.config.RATE_LIMIT_LOGIN, timeWindow: '1 minute' } }

  app.get('/me/totp', { config: own, schema: { summary: 'My second factor', tags, response: { 200: TotpStatus, ...errors } } }, async (req) =>
    totp.status(principal(req)))

  app.post('/me/totp/setup', {
    config: own,
    schema: {
      summary: 'Start setting up a second factor',
      description: 'A new secret as text, otpauth:// URI and QR code (SVG). Nothing is on until POST /me/totp/confirm with a code from the app.',
      tags, response: { 200: TotpSetup, ...errors },
    },
  }, async (req) => totp.setup(principal(req)))

  app.post('/me/totp/confirm', {
    config: codeChecked,
    schema: { summary: 'Turn the second factor on', description: 'Returns ten recovery codes, shown this once.', tags, body: TotpCodeBody, response: { 200: RecoveryCodes, ...errors } },
  }, async (req) => totp.confirm(principal(req), req.body.code))

  app.post('/me/totp/recovery-codes', {
    config: codeChecked,
    schema: { summary: 'New recovery codes', description: 'The old ones stop working. Needs a current code from the app.', tags, body: TotpCodeBody, response: { 200: RecoveryCodes, ...errors } },
  }, async (req) => totp.replaceRecoveryCodes(principal(req), req.body.code))

  app.delete('/me/totp', {
    config: codeChecked,
    schema: {
      summary: 'Turn the second factor off',
      description: 'With a current code or a recovery code. 409 for an admin of a municipality that requires a second factor.',
      tags, body: z.object({ code: SecondFactorCode }), response: { 200: TotpStatus, ...errors },
    },
  }, async (req) => totp.disable(principal(req), req.body.code))

  app.get('/security', { schema: { summary: 'Sign-in security of my municipality', tags, response: { 200: SecuritySettings, ...errors } } }, async (req) =>
    totp.security(municipalityOf(req, ['admin'])))

  app.put('/security', {
    schema: {
      summary: 'Require a second factor of admins',
      description: 'Admins only. Switching it on is refused (409) while the admin doing it has no second factor.',
      tags, body: SecuritySettings, response: { 200: SecuritySettings, ...errors },
    },
  }, async (req) => totp.setSecurity(principal(req), municipalityOf(req, ['admin']), req.body))
}

export default totpRoutes
