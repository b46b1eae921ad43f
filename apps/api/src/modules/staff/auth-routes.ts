// POST /login, POST /logout, GET /session: staff sign-in with an HttpOnly session cookie and a CSRF token.
import { LoginBody, Problem, StaffSession } from '@meldpunt/core/api'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { StaffPrincipal } from './auth.js'
import { principal } from './context.js'

/** How long a browser is remembered as one that signed in to an account before. */
const DEVICE_COOKIE_DAYS = 180

const auth: FastifyPluginAsyncZod = async (app) => {
  const staffAuth = app.staffAuth
  const sessionView = (p: StaffPrincipal): StaffSession => staffAuth.sessionView(p)

  app.post(
    '/login',
    {
      config: { staffPublic: true, rateLimit: { max: app.config.RATE_LIMIT_LOGIN, timeWindow: '1 minute' } },
      schema: {
        summary: 'Sign in',
        description:
          'Sets the session cookie (HttpOnly, Secure, SameSite=Strict, Path=/) and returns the CSRF token. A JSON body is required, ' +
          'which a cross-site form cannot send. Every refusal is the same 401, whether the account exists or not. After too many ' +
          'failures in a row the account\'s attempts are held back for a while (doubling each time), except from a browser that ' +
          'signed in to it before (a long-lived HttpOnly device cookie). An account with a second factor answers the right ' +
          'password without `code` with 401 MELDPUNT_ERR_SECOND_FACTOR_REQUIRED; send it again with `code`.',
        tags: ['staff'],
        body: LoginBody,
        response: { 200: StaffSession, 400: Problem, 401: Problem, 429: Problem },
      },
    },
    async (req, reply) => {
      const { token, deviceToken, principal: who } = await staffAuth.login(req.body.email, req.body.password, req.cookies[staffAuth.deviceCookieName], req.body.code)
      reply.setCookie(staffAuth.cookieName, token, staffAuth.cookieOptions(Math.floor(staffAuth.absoluteMs / 1000)))
      reply.setCookie(staffAuth.deviceCookieName, deviceToken, staffAuth.cookieOptions(DEVICE_COOKIE_DAYS * 86_400))
      return sessionView(who)
    },
  )

  app.post(
    '/logout',
    {
      config: { beforeSecondFactorEnrolment: true },
      schema: {
        summary: 'Sign out',
        description: 'Ends the session on the server and clears the cookie. Needs X-CSRF-Token.',
        tags: ['staff'],
        response: { 204: z.null(), 401: Problem, 403: Problem },
      },
    },
    async (req, reply) => {
      await staffAuth.logout(principal(req))
      reply.clearCookie(staffAuth.cookieName, staffAuth.cookieOptions())
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/session',
    {
      config: { beforeSecondFactorEnrolment: true },
      schema: {
        summary: 'The signed-in account and its CSRF token',
        description: 'A dashboard calls this on load: 200 with the account, or 401 when it must show the sign-in form.',
        tags: ['staff'],
        response: { 200: StaffSession, 401: Problem },
      },
    },
    async (req) => sessionView(principal(req)),
  )
}

export default auth
