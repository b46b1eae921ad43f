// /api/v1/staff/alerts: spike alerts for the dashboard, a check on demand, and the municipality's webhook setting.
import { addDays, daysBetween, ErrorCode } from '@meldpunt/core'
import { AlertList, AlertSettingsBody, AlertSettingsOut, AlertsQuery, CAMPAIGN_ROLES, CheckBody, CheckResult, MUNICIPAL_ROLES, Problem, WebhookTestResult } from '@meldpunt/core/api'
import { writeAudit } from '@meldpunt/db'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { randomBytes } from 'node:crypto'
import { OutboundRefused, resolveOutboundTarget } from './outbound-address.js'
import { ProblemError } from '../../lib/problems.js'
import { currentWebhookSecret, hasWebhook, selectAlertSettings, upsertAlertSettings } from './repository.js'
import { alertText, type SpikeAlert } from './service.js'
import { actorOf, municipalityOf, principal, tenantRead } from '../staff/context.js'

const ALERT_READER_ROLES = MUNICIPAL_ROLES
const MAX_LIST_DAYS = 731

function invalid(field: string, code: string, detail: string): ProblemError {
  return new ProblemError(ErrorCode.VALIDATION, { detail, errors: [{ field, code, message: detail }] })
}

const alerts: FastifyPluginAsyncZod = async (app) => {
  const withText = (a: SpikeAlert, name: string) => ({ ...a, text: alertText(a, name) })

  app.get(
    '/',
    {
      schema: {
        summary: 'Spike alerts of your municipality, newest first (default: the last 90 days)',
        tags: ['campaigns'],
        querystring: AlertsQuery,
        response: {
          200: AlertList,
          400: Problem,
          401: Problem,
          403: Problem,
        },
      },
    },
    async (req) => {
      const m = municipalityOf(req, ALERT_READER_ROLES)
      const to = req.query.to ?? app.spikes.today()
      const from = req.query.from ?? addDays(to, -89)
      if (to < from) throw invalid('querystring.to', 'end_before_start', 'The period ends before it starts: choose a `to` on or after `from`.')
      if (daysBetween(from, to) >= MAX_LIST_DAYS) throw invalid('querystring.from', 'range_too_long', `Choose a period of at most ${MAX_LIST_DAYS} days.`)
      const name = principal(req).municipality!.name
      return tenantRead(req, m, async (tx) => {
        const list = await app.spikes.listAlerts(tx, m, from, to)
        return { from, to, rule: app.spikes.rule, webhookConfigured: await hasWebhook(tx, m), alerts: list.map((a) => withText(a, name)) }
      })
    },
  )

  app.post(
    '/check',
    {
      schema: {
        summary: 'Run the spike check for your municipality now (default: yesterday) and send a new alert to the webhook',
        description: 'Safe to repeat: there is at most one alert per municipality and day, and each is delivered once.',
        tags: ['campaigns'],
        body: CheckBody,
        response: { 200: CheckResult, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (req) => {
      const m = municipalityOf(req, CAMPAIGN_ROLES)
      const day = req.body.day ?? app.spikes.dataThrough()
      if (day > app.spikes.today()) throw invalid('day', 'in_future', 'This day has not happened yet; choose today or an earlier day.')
      const result = await app.spikes.runDaily(day, { municipality: m })
      const name = principal(req).municipality!.name
      const actor = actorOf(req)
      return tenantRead(req, m, async (tx) => {
        await writeAudit(tx, { staffUserId: actor.userId, municipalityCode: m, action: 'alerts.check', detail: { day, raised: result.raised.length } })
        const [alert] = await app.spikes.listAlerts(tx, m, day, day)
        return { day, raised: result.raised.length > 0, alert: alert ? withText(alert, name) : null }
      })
    },
  )

  app.get(
    '/settings',
    { schema: { summary: 'Where alerts are sent', tags: ['campaigns'], response: { 200: AlertSettingsOut, 401: Problem, 403: Problem } } },
    async (req) => {
      const m = municipalityOf(req, CAMPAIGN_ROLES)
      const row = await tenantRead(req, m, (tx) => selectAlertSettings(tx, m))
      return row ?? { webhookUrl: null, hasSecret: false, updatedBy: null, updatedAt: null }
    },
  )

  app.put(
    '/settings',
    {
      schema: {
        summary: 'Set (or clear) the webhook alerts are sent to',
        description:
          'Each alert is POSTed once as JSON with headers Idempotency-Key (the alert id) and X-Meldpunt-Signature ' +
          '(sha256=HMAC-SHA256 of the body with the secret). The secret is returned once, when it is made.',
        tags: ['campaigns'],
        body: AlertSettingsBody,
        response: { 200: AlertSettingsOut, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (req) => {
      const m = municipalityOf(req, CAMPAIGN_ROLES)
      const { webhookUrl, rotateSecret } = req.body
      if (webhookUrl && !app.config.WEBHOOK_ALLOW_HTTP && !webhookUrl.startsWith('https://')) {
        throw invalid('webhookUrl', 'invalid', 'Use an https:// address: alerts must not travel unencrypted.')
      }
      if (webhookUrl) {
        // Checked again at every delivery (a name can change its address later); refused here so the mistake shows.
        // A name that does not resolve yet is kept: its deliveries fail as 'not reachable' until it does.
        await resolveOutboundTarget(webhookUrl, app.config.WEBHOOK_ALLOW_HOSTS).catch((e: unknown) => {
          if (e instanceof OutboundRefused && e.reason === 'unresolvable') return
          if (e instanceof OutboundRefused) throw invalid('webhookUrl', 'invalid', `${e.message[0]!.toUpperCase()}${e.message.slice(1)}: alerts go to a public internet address only.`)
          throw e
        })
      }
      const actor = actorOf(req)
      return tenantRead(req, m, async (tx) => {
        const secret = webhookUrl && (rotateSecret || !(await currentWebhookSecret(tx, m))) ? randomBytes(32).toString('base64url') : null
        const row = await upsertAlertSettings(tx, m, { webhookUrl, secret, actor })
        // Only the host goes to the audit log: many webhook URLs carry a token in their path, and the secret never goes.
        await writeAudit(tx, { staffUserId: actor.userId, municipalityCode: m, action: 'alerts.settings', detail: { webhookHost: webhookUrl ? new URL(webhookUrl).host : null, secretRotated: secret !== null } })
        return { webhookUrl: row.webhookUrl, hasSecret: row.hasSecret, ...(secret ? { secret } : {}), updatedBy: row.updatedBy, updatedAt: row.updatedAt }
      })
    },
  )

  app.post(
    '/settings/test',
    {
      schema: {
        summary: 'Send a test delivery to the webhook',
        description:
          'POSTs {"event":"test",…} signed like an alert (X-Meldpunt-Event: test) to the saved webhook, under the same address ' +
          'rules, and says what came back: ok, the HTTP status, or a class of failure. 409 when no webhook is set.',
        tags: ['campaigns'],
        response: { 200: WebhookTestResult, 401: Problem, 403: Problem, 409: Problem },
      },
    },
    async (req) => {
      const m = municipalityOf(req, CAMPAIGN_ROLES)
      const result = await app.spikes.sendTest(m)
      if (!result) throw new ProblemError(ErrorCode.CONFLICT, { detail: 'No webhook is set: save an address first, then send a test.' })
      const actor = actorOf(req)
      await tenantRead(req, m, (tx) => writeAudit(tx, { staffUserId: actor.userId, municipalityCode: m, action: 'alerts.webhook-test', detail: { ok: result.ok, status: result.status, error: result.error } }))
      return result
    },
  )
}

export default alerts
