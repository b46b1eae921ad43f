// Files an anonymous report exactly once per Idempotency-Key and builds the answer a reporter sees.
import { createReferralMemo, ErrorCode, formatReceiptCode, type Lang, type NewReportInput } from '@meldpunt/core'
import {
  COUNTER_SHARDS,
  findStoredResponse,
  MunicipalityIndex,
  prepareReport,
  runIntakeStatement,
  secondsToNextHour,
  type Database,
  type MunicipalityHit,
  type ReportFields,
} from '@meldpunt/db'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto'
import { ProblemError } from '../../lib/problems.js'
import { powUsedProblem, type SpentChallenge } from '../../plugins/proof-of-work.js'
import { helpOverrides } from '../referral/service.js'

/** 13 random bytes give the 100 bits a receipt code carries (20 Crockford base32 symbols). */
const RECEIPT_BYTES = 13

/** A new receipt code, drawn straight from the CSPRNG: its bytes exist nowhere else before or after. */
export function newReceiptCode(): string {
  return formatReceiptCode(randomBytes(RECEIPT_BYTES))
}

export function hashReceiptCode(canonicalCode: string): Buffer {
  return createHash('sha256').update(canonicalCode).digest()
}

/** JSON with object keys sorted, so the same payload always has the same fingerprint. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    let out = '['
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + (canonicalJson(value[i]) ?? '')
    return `${out}]`
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>
    let out = '{'
    for (const k of Object.keys(record).sort()) {
      const v = record[k]
      if (v === undefined) continue
      out += `${out.length === 1 ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`
    }
    return `${out}}`
  }
  return JSON.stringify(value)
}

/**
 * What the stored key remembers of its payload, to tell a retry from a different report under the same key. Keyed
 * with the Idempotency-Key itself (which only the sender knows; the database keeps its SHA-256): an unkeyed hash of
 * the request would let anyone with the database test guesses of the exact point behind an "approximate" report.
 */
export function fingerprint(key: string, report: NewReportInput): string {
  return createHmac('sha256', key).update(canonicalJson(report)).digest('hex')
}

/**
 * The stored answer contains the receipt code, which must never be readable from the database. It is kept
 * encrypted (AES-256-GCM) under a key derived from the Idempotency-Key, which only the client knows: the
 * database holds just the key's SHA-256. So a replay can decrypt it, and a database dump cannot.
 */
export function idempotencyKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

const RESPONSE_KEY_SALT = Buffer.from('meldpunt/idempotency/v1')
const RESPONSE_KEY_INFO = Buffer.from('response\x01')

/**
 * HKDF-SHA-256 (RFC 5869) of the Idempotency-Key with our salt and info, 32 bytes: written out as its two HMACs
 * because one block of output needs exactly two, and node's hkdfSync costs 2.7 times as much per call (OpenSSL
 * looks the algorithm up each time). The result is byte-for-byte hkdfSync's; a test holds it to that.
 */
export function responseKey(key: string): Buffer {
  const prk = createHmac('sha256', RESPONSE_KEY_SALT).update(key).digest()
  return createHmac('sha256', prk).update(RESPONSE_KEY_INFO).digest()
}

export function sealResponse(key: string, body: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', responseKey(key), iv)
  const sealed = Buffer.concat([cipher.update(body, 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64')
}

export function openResponse(key: string, stored: string): string {
  const raw = Buffer.from(stored, 'base64')
  const decipher = createDecipheriv('aes-256-gcm', responseKey(key), raw.subarray(0, 12))
  decipher.setAuthTag(raw.subarray(12, 28))
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
}

export interface IntakeResult {
  status: number
  body: string
  replayed: boolean
}

/** The report as the write path takes it: what the reporter said, with the ids we gave it. */
export function reportFields(report: NewReportInput, id: string, receiptHash: Uint8Array): ReportFields {
  const from = new Date(report.occurredAt.from)
  return {
    id,
    occurredFrom: from,
    occurredTo: report.occurredAt.to ? new Date(report.occurredAt.to) : from,
    lon: report.location.lon,
    lat: report.location.lat,
    precision: report.location.precision,
    category: report.category,
    setting: report.setting,
    role: report.role,
    urgent: report.urgent ?? false,
    ageBand: report.about?.ageBand,
    gender: report.about?.gender,
    groups: report.about?.groups ?? [],
    description: report.description,
    heardVia: report.heardVia,
    campaignCode: report.campaignCode,
    ...(report.offenders ? { offenders: report.offenders } : {}),
    receiptHash,
  }
}

const inFlightProblem = () =>
  new ProblemError(ErrorCode.IDEMPOTENCY_IN_FLIGHT, { detail: 'A request with this Idempotency-Key is still being processed; retry shortly.', headers: { 'retry-after': '1' } })

declare module 'fastify' {
  interface FastifyInstance {
    intake: IntakeService
  }
}

export class IntakeService {
  // A second request with a key this process is still working on gets 409 at once; across processes
  // the advisory lock in the intake statement does the same.
  private readonly inFlight = new Set<string>()
  private index: Promise<MunicipalityIndex> | undefined
  private readonly referrals = createReferralMemo()

  constructor(
    private readonly db: Database,
    private readonly limits: { hourlyCap?: number } = {},
  ) {}

  async file(report: NewReportInput, key: string, lang: Lang, pow?: SpentChallenge): Promise<IntakeResult> {
    if (this.inFlight.has(key)) throw inFlightProblem()
    this.inFlight.add(key)
    try {
      return await this.store(report, key, lang, pow)
    } finally {
      this.inFlight.delete(key)
    }
  }

  /** A municipality's settings were saved on this instance: its next report uses them (other instances within 30 s). */
  settingsChanged(): void {
    void this.index?.then((index) => index.settingsChanged(), () => undefined)
  }

  private municipalities(): Promise<MunicipalityIndex> {
    // Loaded on first use; a failed load is retried by the next report rather than cached.
    this.index ??= MunicipalityIndex.load(this.db).catch((error: unknown) => {
      this.index = undefined
      throw error
    })
    return this.index
  }

  private async store(report: NewReportInput, key: string, lang: Lang, pow?: SpentChallenge): Promise<IntakeResult> {
    const municipality = await (await this.municipalities()).find(report.location.lon, report.location.lat)
    if (!municipality) {
      throw new ProblemError(ErrorCode.OUTSIDE_MUNICIPALITY, {
        detail: 'The location is not inside any Dutch municipality. Move the pin onto land in the Netherlands, or choose a municipality.',
        errors: [{ field: 'location', code: 'out_of_range', message: 'This place is not inside a Dutch municipality.' }],
      })
    }
    const receipt = newReceiptCode()
    const id = randomUUID()
    const body = JSON.stringify(this.answer(report, municipality, id, receipt, lang))
    const keyHash = idempotencyKeyHash(key)
    const print = fingerprint(key, report)
    const outcome = await runIntakeStatement(this.db, {
      keyHash,
      fingerprint: print,
      report: prepareReport(municipality.code, reportFields(report, id, hashReceiptCode(receipt))),
      response: { status: 201, sealedBody: sealResponse(key, body) },
      hourlyCap: this.limits.hourlyCap,
      pow,
      shard: randomInt(COUNTER_SHARDS),
    })
    switch (outcome.kind) {
      case 'created':
        return { status: 201, body, replayed: false }
      case 'in-flight':
        throw inFlightProblem()
      case 'pow-used':
        // Spent by a report stored through another instance (or another key here): nothing was stored.
        throw powUsedProblem()
      case 'capped':
        // Nothing was stored; the web app keeps the report in its queue and sends it again after Retry-After.
        throw new ProblemError(ErrorCode.MUNICIPALITY_BUSY, {
          detail: 'Unusually many reports arrived for this municipality this hour. Your report has not been stored yet; send it again after the Retry-After delay.',
          headers: { 'retry-after': String(secondsToNextHour()) },
        })
      case 'prior':
        return this.replay(key, print, outcome)
      case 'raced': {
        // Another instance stored this key between our read and our insert: its answer is the answer.
        const stored = await findStoredResponse(this.db, keyHash)
        if (!stored) throw inFlightProblem()
        return this.replay(key, print, stored)
      }
    }
  }

  private replay(key: string, print: string, stored: { fingerprint: string; status: number; body: string }): IntakeResult {
    if (stored.fingerprint !== print) {
      throw new ProblemError(ErrorCode.IDEMPOTENCY_KEY_REUSED, {
        detail: 'This Idempotency-Key was already used for a different report. Use a new key for a new report.',
        errors: [{ field: 'Idempotency-Key', code: 'invalid', message: 'This key was already used with another payload.' }],
      })
    }
    return { status: stored.status, body: openResponse(key, stored.body), replayed: true }
  }

  private answer(report: NewReportInput, municipality: MunicipalityHit, id: string, receipt: string, lang: Lang) {
    const help = this.referrals({
      category: report.category,
      urgent: report.urgent ?? false,
      occurredAt: report.occurredAt,
      role: report.role,
      ageBand: report.about?.ageBand,
      overrides: helpOverrides(municipality.settings),
      lang,
    })
    return { id, receipt, receivedAt: new Date().toISOString(), municipality: { code: municipality.code, name: municipality.name }, help }
  }
}

export const intakePlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('intake', new IntakeService(app.db, { hourlyCap: app.config.MUNICIPALITY_HOURLY_CAP }))
  },
  { name: 'intake', decorators: { fastify: ['db', 'config'] } },
)
