// /api/v1/staff/settings: a municipality's administrators set local help, retention, the disclosure minimum and the
// public map. Each save is one transaction with its audit entry; this instance uses it at once, others within 30 s.
import { buildReferrals, ErrorCode } from '@meldpunt/core'
import { HelpPreview, HelpPreviewBody, LocalHelpSettings, MINIMUM_CELL_COUNT_RANGE, MunicipalSettings, Problem, RETENTION_MONTHS_RANGE, SettingsPatch } from '@meldpunt/core/api'
import { minimumCellCount, publishesPublicMap, retentionMonths, writeAudit, type Queryable } from '@meldpunt/db'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ProblemError } from '../../lib/problems.js'
import { actorOf, municipalityOf } from '../staff/context.js'
import { localServices, storedOverrides, withLocalServices } from './local-help.js'
import { mergeSettings, settingsRow, type SettingsRow } from './repository.js'

const ADMIN = ['admin'] as const
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem }

function view(row: SettingsRow): MunicipalSettings {
  return {
    municipality: { code: row.code, name: row.name },
    help: { services: localServices(storedOverrides(row.settings)) },
    retentionMonths: retentionMonths(row.settings),
    minimumCellCount: minimumCellCount(row.settings),
    publicMap: publishesPublicMap(row.settings),
    limits: { retentionMonths: { ...RETENTION_MONTHS_RANGE }, minimumCellCount: { ...MINIMUM_CELL_COUNT_RANGE } },
  }
}

const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['staff']

  /** Locks the municipality's row, lets `change` save, and tells this instance's readers of settings. */
  async function save(code: string, change: (tx: Queryable, row: SettingsRow) => Promise<void>): Promise<MunicipalSettings> {
    const saved = await app.db.transaction(async (tx) => {
      const row = await settingsRow(tx, code, true)
      if (!row) throw new ProblemError(ErrorCode.NOT_FOUND, { detail: `No municipality has code ${code}.` })
      await change(tx, row)
      return (await settingsRow(tx, code))!
    })
    app.intake.settingsChanged()
    app.publicAnswers.forget(code)
    return view(saved)
  }

  app.get('/settings', { schema: { summary: 'My municipality\'s settings', tags, response: { 200: MunicipalSettings, ...errors } } }, async (req) => {
    const code = municipalityOf(req, ADMIN)
    const row = await settingsRow(app.db, code)
    if (!row) throw new ProblemError(ErrorCode.NOT_FOUND, { detail: `No municipality has code ${code}.` })
    return view(row)
  })

  app.patch('/settings', {
    schema: {
      summary: 'Change retention, the disclosure minimum or the public map',
      description:
        'retentionMonths: report text and additions older than this are purged at the next retention run. minimumCellCount: ' +
        'published counts below it are suppressed (never below 5); quarters published before keep their figures. publicMap: ' +
        'false makes /api/v1/public answer 404 for this municipality.',
      tags, body: SettingsPatch, response: { 200: MunicipalSettings, ...errors },
    },
  }, async (req) => {
    const code = municipalityOf(req, ADMIN)
    const actor = actorOf(req)
    const values = Object.fromEntries(Object.entries(req.body).filter(([, v]) => v !== undefined))
    return save(code, async (tx, row) => {
      const before = { retentionMonths: retentionMonths(row.settings), minimumCellCount: minimumCellCount(row.settings), publicMap: publishesPublicMap(row.settings) }
      await mergeSettings(tx, code, values)
      const changed = Object.fromEntries(Object.keys(values).map((k) => [k, { from: before[k as keyof typeof before], to: values[k] }]))
      await writeAudit(tx, { staffUserId: actor.userId, municipalityCode: code, action: 'settings.update', detail: changed })
    })
  })

  app.put('/settings/help', {
    schema: {
      summary: 'Set the local help services shown to residents',
      description: 'Replaces the municipality\'s own services and the rule that shows each; rules it set for national services stay.',
      tags, body: LocalHelpSettings, response: { 200: MunicipalSettings, ...errors },
    },
  }, async (req) => {
    const code = municipalityOf(req, ADMIN)
    const actor = actorOf(req)
    return save(code, async (tx, row) => {
      const help = withLocalServices(storedOverrides(row.settings), req.body)
      await mergeSettings(tx, code, { help })
      await writeAudit(tx, { staffUserId: actor.userId, municipalityCode: code, action: 'settings.help', detail: { services: (help.services ?? []).map((s) => s.id) } })
    })
  })

  app.post('/settings/help/preview', {
    schema: {
      summary: 'The help screen a resident would see, with draft services',
      description: 'Nothing is saved: the draft is checked as a save would check it, then the help list is built for one situation.',
      tags, body: HelpPreviewBody, response: { 200: HelpPreview, ...errors },
    },
  }, async (req) => {
    const code = municipalityOf(req, ADMIN)
    const row = await settingsRow(app.db, code)
    const overrides = withLocalServices(storedOverrides(row?.settings ?? {}), req.body.help)
    return { help: buildReferrals({ category: req.body.category, urgent: req.body.urgent, discriminatory: req.body.discriminatory, overrides, lang: req.body.lang }) }
  })
}

export default settingsRoutes
