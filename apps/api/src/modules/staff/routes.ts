// /api/v1/staff: session check and CSRF on every route but login, then the staff views; all data reads are tenant-scoped.
import cookie from '@fastify/cookie'
import { ErrorCode } from '@meldpunt/core'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ProblemError } from '../../lib/problems.js'
import { csrfMatches } from './auth.js'
import './context.js'
import alerts from '../alerts/routes.js'
import audit from '../audit/routes.js'
import auth from './auth-routes.js'
import campaigns from '../campaigns/routes.js'
import periodEffects from '../effects/routes.js'
import hotspots from '../hotspots/routes.js'
import interventions from '../interventions/routes.js'
import national from '../national/routes.js'
import neighbourhoods from '../neighbourhoods/routes.js'
import neighbourhoodUploads from '../neighbourhoods/upload-routes.js'
import purges from '../retention/routes.js'
import reports from '../report-views/routes.js'
import time from '../report-views/time-routes.js'
import settings from '../settings/routes.js'
import staffAccounts from '../staff-accounts/routes.js'
import totp from '../totp/routes.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

const staff: FastifyPluginAsyncZod = async (app) => {
  const staffAuth = app.staffAuth
  await app.register(cookie)
  // Requests without a session are refused before any route runs, so the route's own limit never sees them: they
  // get the sign-in budget (RATE_LIMIT_LOGIN a minute per hashed address), or probing staff paths would cost nothing.
  const limitAnonymous = app.rateLimit({ max: app.config.RATE_LIMIT_LOGIN, timeWindow: '1 minute' })

  // onRequest runs before body and query validation, so an anonymous caller learns only "sign in", never the schema.
  app.addHook('onRequest', async (req, reply) => {
    if (req.routeOptions.config.staffPublic) return
    const token = req.cookies[staffAuth.cookieName]
    const who = await staffAuth.authenticate(token)
    if (!who) {
      await limitAnonymous.call(app, req, reply)
      if (token) reply.clearCookie(staffAuth.cookieName, staffAuth.cookieOptions())
      throw new ProblemError(ErrorCode.UNAUTHENTICATED, { detail: 'You are not signed in, or your session has expired. Sign in again.' })
    }
    if (!SAFE_METHODS.has(req.method) && !csrfMatches(token!, req.headers['x-csrf-token'])) {
      throw new ProblemError(ErrorCode.CSRF, { detail: 'Send the csrf value from the session in an X-CSRF-Token header.' })
    }
    if (who.secondFactorEnrolmentRequired && !req.routeOptions.config.beforeSecondFactorEnrolment) {
      throw new ProblemError(ErrorCode.SECOND_FACTOR_ENROLMENT_REQUIRED, { detail: 'Your municipality requires administrators to use a second factor: set it up on the Security page first.' })
    }
    req.staff = who
  })

  await app.register(auth)
  await app.register(hotspots)
  await app.register(time)
  await app.register(reports)
  await app.register(neighbourhoods)
  await app.register(neighbourhoodUploads)
  // Campaign teams: their register, its effects, and spike alerts.
  await app.register(campaigns, { prefix: '/campaigns' })
  await app.register(periodEffects, { prefix: '/effects' })
  await app.register(interventions, { prefix: '/interventions' })
  await app.register(alerts, { prefix: '/alerts' })
  // The retention job's log and the audit log, for admins.
  await app.register(purges)
  await app.register(audit)
  // The programme's national view: aggregates across municipalities, national accounts only.
  await app.register(national, { prefix: '/national' })
  // A municipality's admins manage its staff; one-time links set a password.
  await app.register(staffAccounts)
  // A municipality's admins set its local help, retention, disclosure minimum and public map.
  await app.register(settings)
  // Every staff member's own second factor; the municipality's switch that requires it of admins.
  await app.register(totp)
}

export default staff
