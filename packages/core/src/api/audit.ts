// GET /api/v1/staff/audit and /audit/export.csv: a municipality's audit log for its administrators, filtered by
// person, action and period. The log itself cannot be changed by anyone (migrations/0156).
import { z } from 'zod'
import { FieldErrorCode } from '../field-errors.js'
import { withCodes as c } from '../report-schema.js'
import { Day } from './common.js'

/** Action names as the API writes them: `login`, `campaign.delete`, `reports.list`, … */
export const AUDIT_ACTION_PATTERN = /^[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*$/

const filterFields = {
  person: z.uuid(c).optional().describe('Staff account id (see `people` in the answer)'),
  action: z.string(c).max(64, c).regex(AUDIT_ACTION_PATTERN, c).optional().describe('One action, e.g. campaign.delete'),
  from: Day.optional().describe('First local day, inclusive'),
  to: Day.optional().describe('Last local day, inclusive'),
}

function toNotBeforeFrom(v: { from?: string | undefined; to?: string | undefined }, ctx: z.core.$RefinementCtx): void {
  if (v.from && v.to && v.to < v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: FieldErrorCode.END_BEFORE_START, input: v.to })
}

/** The export's query: the filter alone. */
export const AuditFilter = z.object(filterFields, c).superRefine(toNotBeforeFrom)
export type AuditFilter = z.infer<typeof AuditFilter>

/** The reader's query: the filter and a page. */
export const AuditQuery = z
  .object({
    ...filterFields,
    before: z.coerce.number(c).int(c).positive(c).optional().describe('Entries older than this id: the previous page’s nextBefore'),
    limit: z.coerce.number(c).int(c).min(1, c).max(500, c).default(100),
  }, c)
  .superRefine(toNotBeforeFrom)
export type AuditQuery = z.infer<typeof AuditQuery>

export const AuditPerson = z.object({ id: z.string(), email: z.string().nullable().describe('null for an account of no staff of this municipality') })

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string().describe('ISO 8601'),
  person: AuditPerson.nullable().describe('null for entries no staff member caused (scheduled jobs)'),
  action: z.string(),
  resource: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
})
export type AuditEntry = z.infer<typeof AuditEntry>

export const AuditPage = z.object({
  entries: z.array(AuditEntry).describe('Newest first'),
  nextBefore: z.number().int().nullable().describe('Pass as `before` for the next page; null on the last page'),
  people: z.array(AuditPerson).describe('Staff of the municipality, for the person filter'),
  actions: z.array(z.string()).describe('Actions that occur in this municipality’s log, for the action filter'),
})
export type AuditPage = z.infer<typeof AuditPage>
