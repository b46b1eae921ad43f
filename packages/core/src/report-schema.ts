// The intake contract: zod schemas for a new report and a later addition, with field-level error codes.

import { z } from 'zod'
import { FieldErrorCode } from './field-errors.js'
import {
  AGE_BANDS,
  CATEGORY_IDS,
  GENDER_IDS,
  HEARD_VIA_IDS,
  IDENTITY_GROUP_IDS,
  OFFENDER_AGE_IDS,
  OFFENDER_COUNT_IDS,
  OFFENDER_KNOWN_IDS,
  PRECISION_IDS,
  ROLE_IDS,
  SETTING_IDS,
} from './taxonomy.js'

const MINUTE_MS = 60_000
const DAY_MS = 86_400_000

export const DESCRIPTION_MAX_CHARS = 4000
/** Phone clocks drift; a report "from now" may be a little ahead of the server. */
export const CLOCK_SKEW_MS = 5 * MINUTE_MS
/** How far back a report may go: a year, plus a day so "this day last year" still works. */
export const MAX_REPORT_AGE_DAYS = 366
/** Longest "somewhere between" window; wider than a week says nothing about when it happened. */
export const MAX_OCCURRED_RANGE_DAYS = 7
export const CAMPAIGN_CODE_PATTERN = /^[A-Za-z0-9-]{3,24}$/

/** Every issue's message is a FieldErrorCode, so the API can forward it without parsing prose. Shared by all API schemas. */
export const fieldErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.input === undefined) return FieldErrorCode.REQUIRED
  switch (issue.code) {
    case 'invalid_type':
      return FieldErrorCode.INVALID_TYPE
    case 'invalid_value':
    case 'invalid_union':
      return FieldErrorCode.INVALID_VALUE
    case 'invalid_format':
      return issue.format === 'datetime' ? FieldErrorCode.INVALID_DATETIME : FieldErrorCode.INVALID_FORMAT
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array' ? FieldErrorCode.TOO_SHORT : FieldErrorCode.OUT_OF_RANGE
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array' ? FieldErrorCode.TOO_LONG : FieldErrorCode.OUT_OF_RANGE
    default:
      return FieldErrorCode.INVALID
  }
}
/** Pass as the params of a zod schema so its issues carry field codes. */
export const withCodes = { error: fieldErrorMap }

/** Length in Unicode code points, as PostgreSQL's char_length counts, so an emoji is one character. */
function charLength(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}

/**
 * Free text as people type it: NFC-normalised, NUL removed (PostgreSQL text cannot hold it), trimmed,
 * at most `max` characters.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

function freeText(max: number) {
  return z
    .string(withCodes)
    .normalize('NFC')
    // NUL and unpaired surrogates cannot be stored as PostgreSQL text or jsonb; a lone surrogate becomes U+FFFD, as
    // any UTF-8 encoder would make it.
    .overwrite((s) => s.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD'))
    .trim()
    .refine((s) => charLength(s) <= max, { error: FieldErrorCode.TOO_LONG })
}

function finiteIn(min: number, max: number) {
  // z.number() already rejects NaN and ±Infinity.
  return z.number(withCodes).min(min, withCodes).max(max, withCodes)
}

/** An ISO 8601 date-time with an explicit zone (`Z` or `+01:00`); local times without a zone are ambiguous. */
const isoDateTime = z.iso.datetime({ offset: true, ...withCodes })

/** Milliseconds for a valid date-time, NaN otherwise (Date.parse alone rolls 30 February over into March). */
function momentMs(value: string | undefined): number {
  return value !== undefined && isoDateTime.safeParse(value).success ? Date.parse(value) : Number.NaN
}

export function makeNewReportSchema(now: () => Date = () => new Date()) {
  const moment = isoDateTime.superRefine((value, ctx) => {
    const t = momentMs(value)
    if (Number.isNaN(t)) return
    const nowMs = now().getTime()
    if (t > nowMs + CLOCK_SKEW_MS) ctx.addIssue({ code: 'custom', message: FieldErrorCode.IN_FUTURE, input: value })
    else if (t < nowMs - MAX_REPORT_AGE_DAYS * DAY_MS) ctx.addIssue({ code: 'custom', message: FieldErrorCode.TOO_OLD, input: value })
  })

  const occurredAt = z
    .object({ from: moment, to: moment.optional() }, withCodes)
    .superRefine((range, ctx) => {
      // NaN when either end is invalid or absent: that end already has its own issue, or there is no range.
      const span = momentMs(range.to) - momentMs(range.from)
      if (span < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: FieldErrorCode.END_BEFORE_START, input: range.to })
      else if (span > MAX_OCCURRED_RANGE_DAYS * DAY_MS) ctx.addIssue({ code: 'custom', path: ['to'], message: FieldErrorCode.RANGE_TOO_LONG, input: range.to })
    })

  const location = z.object({
    lat: finiteIn(-90, 90),
    lon: finiteIn(-180, 180),
    precision: z.enum(PRECISION_IDS, withCodes),
  }, withCodes)

  const groups = z
    .array(z.enum(IDENTITY_GROUP_IDS, withCodes), withCodes)
    .max(IDENTITY_GROUP_IDS.length, withCodes)
    .superRefine((ids, ctx) => {
      ids.forEach((id, i) => {
        if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: [i], message: FieldErrorCode.DUPLICATE, input: id })
      })
    })

  const about = z.object({
    ageBand: z.enum(AGE_BANDS, withCodes).optional(),
    gender: z.enum(GENDER_IDS, withCodes).optional(),
    groups: groups.optional(),
  }, withCodes)

  /** Who did it, as far as the reporter saw; every answer optional. */
  const offenders = z.object({
    count: z.enum(OFFENDER_COUNT_IDS, withCodes).optional(),
    age: z.enum(OFFENDER_AGE_IDS, withCodes).optional(),
    known: z.enum(OFFENDER_KNOWN_IDS, withCodes).optional(),
  }, withCodes)

  return z.object({
    category: z.enum(CATEGORY_IDS, withCodes),
    setting: z.enum(SETTING_IDS, withCodes),
    role: z.enum(ROLE_IDS, withCodes),
    occurredAt,
    location,
    about: about.optional(),
    offenders: offenders.optional(),
    description: freeText(DESCRIPTION_MAX_CHARS)
      .transform((s) => (s === '' ? undefined : s))
      .optional(),
    heardVia: z.enum(HEARD_VIA_IDS, withCodes).optional(),
    /** Set by the reporter: in danger right now. Puts 112 at the top of the help list. */
    urgent: z.boolean(withCodes).optional(),
    /** Campaign codes are matched case-insensitively, so they are stored upper-case. */
    campaignCode: z.string(withCodes).trim().regex(CAMPAIGN_CODE_PATTERN, withCodes).toUpperCase().optional(),
  }, withCodes)
}

/**
 * Body of `POST /api/v1/reports`. Unknown keys are stripped. Contains a transform (empty description
 * becomes undefined), so for JSON Schema use `z.toJSONSchema(NewReport, { io: 'input' })`.
 */
export const NewReport = makeNewReportSchema()
export type NewReportInput = z.infer<typeof NewReport>
/** The body as the client sends it, before trimming and transforms. */
export type NewReportBody = z.input<typeof NewReport>

/** Body of an addition made later with a receipt code. */
export const ReportAddition = z.object({
  text: freeText(DESCRIPTION_MAX_CHARS).refine((s) => s.length > 0, { error: FieldErrorCode.REQUIRED }),
}, withCodes)
export type ReportAdditionInput = z.infer<typeof ReportAddition>
