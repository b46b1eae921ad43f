// Files an anonymous report exactly once per Idempotency-Key and builds the answer a reporter sees.
import { buildReferrals, ErrorCode, formatReceiptCode, MunicipalityHelpOverrides, type Lang, type NewReportInput } from '@meldpunt/core'
import { fileReportOnce, secondsToNextHour, type Database, type IntakeOutcome } from '@meldpunt/db'
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomUUID } from 'node:crypto'
import { ProblemError } from '../problems.js'

/** 13 random bytes give the 100 bits a receipt code carries (20 Crockford base32 symbols). */
const RECEIPT_BYTES = 13

export function hashReceiptCode(canonicalCode: string): Buffer {
  return createHash('sha256').update(canonicalCode).digest()
}

/** JSON with object keys sorted, so the same payload always has the same fingerprint. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

export function fingerprint(report: NewReportInput): string {
  return createHash('sha256').update(canonicalJson(report)).digest('hex')
}

/** A municipality's help overrides, or none when its settings hold nothing valid (bad settings must not fail intake). */
export function helpOverrides(settings: Record<string, unknown>): MunicipalityHelpOverrides | undefined {
  const parsed = MunicipalityHelpOverrides.safeParse(settings.help)
  return parsed.success ? parsed.data : undefined
}

/**
 * The stored answer contains the receipt code, which must never be readable from the database. It is kept
 * encrypted (AES-256-GCM) under a key derived from the Idempotency-Key, which only the client knows: the
 * database holds just the key's SHA-256. So a replay can decrypt it, and a database dump cannot.
 */
export function idempotencyKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

function responseKey(key: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, 'meldpunt/idempotency/v1', 'response', 32))
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

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{16,128}$/

export interface IntakeResult {
  status: number
  body: string
  replayed: boolean
}

export class IntakeService {
  // A second request with a key this process is still working on gets 409 at once; across processes
  // the advisory lock in the intake transaction does the same.
  private readonly inFlight = new Set<string>()

  constructor(
    private readonly db: Database,
    private readonly limits: { hourlyCap?: number } = {},
  ) {}

  async file(report: NewReportInput, key: string, lang: Lang): Promise<IntakeResult> {
    if (this.inFlight.has(key)) throw new ProblemError(ErrorCode.IDEMPOTENCY_IN_FLIGHT, { detail: 'A request with this Idempotency-Key is still being processed; retry shortly.', headers: { 'retry-after': '1' } })
    this.inFlight.add(key)
    try {
      return this.toResult(await this.store(report, key, lang))
    } finally {
      this.inFlight.delete(key)
    }
  }

  private async store(report: NewReportInput, key: string, lang: Lang): Promise<IntakeOutcome> {
    const receipt = formatReceiptCode(randomBytes(RECEIPT_BYTES))
    const id = randomUUID()
    const from = new Date(report.occurredAt.from)
    const to = report.occurredAt.to ? new Date(report.occurredAt.to) : from
    return fileReportOnce(this.db, {
      hourlyCap: this.limits.hourlyCap,
      key: idempotencyKeyHash(key),
      seal: (body) => sealResponse(key, body),
      open: (stored) => openResponse(key, stored),
      fingerprint: fingerprint(report),
      report: {
        id,
        occurredFrom: from,
        occurredTo: to,
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
        receiptHash: hashReceiptCode(receipt),
      },
      respond: (municipality) => {
        const help = buildReferrals({
          category: report.category,
          urgent: report.urgent ?? false,
          occurredAt: report.occurredAt,
          role: report.role,
          ageBand: report.about?.ageBand,
          overrides: helpOverrides(municipality.settings),
          lang,
        })
        const body = {
          id,
          receipt,
          receivedAt: new Date().toISOString(),
          municipality: { code: municipality.code, name: municipality.name },
          help,
        }
        return { status: 201, body: JSON.stringify(body) }
      },
    })
  }

  private toResult(outcome: IntakeOutcome): IntakeResult {
    switch (outcome.kind) {
      case 'created':
        return { ...outcome.response, replayed: false }
      case 'replay':
        return { ...outcome.response, replayed: true }
      case 'in-flight':
        throw new ProblemError(ErrorCode.IDEMPOTENCY_IN_FLIGHT, { detail: 'A request with this Idempotency-Key is still being processed; retry shortly.', headers: { 'retry-after': '1' } })
      case 'key-reused':
        throw new ProblemError(ErrorCode.IDEMPOTENCY_KEY_REUSED, {
          detail: 'This Idempotency-Key was already used for a different report. Use a new key for a new report.',
          errors: [{ field: 'Idempotency-Key', code: 'invalid', message: 'This key was already used with another payload.' }],
        })
      case 'outside-municipality':
        throw new ProblemError(ErrorCode.OUTSIDE_MUNICIPALITY, {
          detail: 'The location is not inside any Dutch municipality. Move the pin onto land in the Netherlands, or choose a municipality.',
          errors: [{ field: 'location', code: 'out_of_range', message: 'This place is not inside a Dutch municipality.' }],
        })
      case 'municipality-busy':
        // Nothing was stored; the web app keeps the report in its queue and sends it again after Retry-After.
        throw new ProblemError(ErrorCode.MUNICIPALITY_BUSY, {
          detail: 'Unusually many reports arrived for this municipality this hour. Your report has not been stored yet; send it again after the Retry-After delay.',
          headers: { 'retry-after': String(secondsToNextHour()) },
        })
    }
  }
}
