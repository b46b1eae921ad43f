// /api/v1/staff/accounts (admins of a municipality) and /api/v1/staff/sign-in-links (anyone holding a one-time link).
import { InviteBody, LinkTokenBody, Problem, RoleBody, SetPasswordBody, SignInLink, SignInLinkInfo, StaffAccount, StaffAccountList, StaffSession } from '@meldpunt/core/api'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { actorOf, municipalityOf } from '../staff/context.js'

const IdParams = z.object({ id: z.string().uuid() })
const ADMIN = ['admin'] as const
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem }

const staffAccountRoutes: FastifyPluginAsyncZod = async (app) => {
  const accounts = app.staffAccounts
  const tags = ['staff']

  app.get('/accounts', { schema: { summary: 'Staff of my municipality', tags, response: { 200: StaffAccountList, ...errors } } }, async (req) => ({
    accounts: await accounts.list(municipalityOf(req, ADMIN)),
  }))

  app.post('/accounts', {
    schema: {
      summary: 'Invite a colleague',
      description: 'Creates the account without a password and returns a one-time sign-in link (valid SIGN_IN_LINK_HOURS) for the admin to pass on.',
      tags, body: InviteBody, response: { 201: SignInLink, ...errors },
    },
  }, async (req, reply) => reply.code(201).send(await accounts.invite(municipalityOf(req, ADMIN), actorOf(req), req.body.email, req.body.role)))

  app.post('/accounts/:id/role', { schema: { summary: 'Change a role', tags, params: IdParams, body: RoleBody, response: { 200: StaffAccount, ...errors } } }, async (req) =>
    accounts.changeRole(municipalityOf(req, ADMIN), actorOf(req), req.params.id, req.body.role))

  app.post('/accounts/:id/deactivate', { schema: { summary: 'Deactivate an account (its sessions end at once)', tags, params: IdParams, response: { 200: StaffAccount, ...errors } } }, async (req) =>
    accounts.setActive(municipalityOf(req, ADMIN), actorOf(req), req.params.id, false))

  app.post('/accounts/:id/reactivate', { schema: { summary: 'Reactivate an account', tags, params: IdParams, response: { 200: StaffAccount, ...errors } } }, async (req) =>
    accounts.setActive(municipalityOf(req, ADMIN), actorOf(req), req.params.id, true))

  app.post('/accounts/:id/reset', {
    schema: { summary: 'Reset a password', description: 'A new one-time link; older links and all sessions of the account end.', tags, params: IdParams, response: { 200: SignInLink, ...errors } },
  }, async (req) => accounts.resetPassword(municipalityOf(req, ADMIN), actorOf(req), req.params.id))

  app.delete('/accounts/:id/totp', {
    schema: { summary: "Remove a colleague's second factor (lost phone)", description: 'They sign in with their password alone until they set up a new one.', tags, params: IdParams, response: { 200: StaffAccount, ...errors } },
  }, async (req) => accounts.removeSecondFactor(municipalityOf(req, ADMIN), actorOf(req), req.params.id))

  // The token travels in the body, never the URL, so no proxy or log line sees it.
  const linkConfig = { staffPublic: true, rateLimit: { max: app.config.RATE_LIMIT_LOGIN, timeWindow: '1 minute' } }
  app.post('/sign-in-links/info', {
    config: linkConfig,
    schema: { summary: 'What a sign-in link is for', tags, body: LinkTokenBody, response: { 200: SignInLinkInfo, 400: Problem, 410: Problem, 429: Problem } },
  }, async (req) => accounts.linkInfo(req.body.token))

  app.post('/sign-in-links/accept', {
    config: linkConfig,
    schema: {
      summary: 'Set a password through a one-time link and sign in',
      description:
        'The password follows NIST SP 800-63B (length 15–256, not a common or breached password, not the email). The link works once. ' +
        'An account with a second factor gets its password but no session: 401 MELDPUNT_ERR_SECOND_FACTOR_REQUIRED, then sign in as usual.',
      tags, body: SetPasswordBody, response: { 200: StaffSession, 400: Problem, 401: Problem, 410: Problem, 429: Problem },
    },
  }, async (req, reply) => {
    const staffAuth = app.staffAuth
    const email = await accounts.acceptLink(req.body.token, req.body.password)
    const { token, principal: p } = await staffAuth.openSessionFor(email)
    reply.setCookie(staffAuth.cookieName, token, staffAuth.cookieOptions(Math.floor(staffAuth.absoluteMs / 1000)))
    return staffAuth.sessionView(p)
  })
}

export default staffAccountRoutes
