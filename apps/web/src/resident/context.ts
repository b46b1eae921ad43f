// Shared types for the resident app: screens, the data it loads, and what every screen may use.
import type { TaxonomyKind } from '@meldpunt/core/taxonomy'
import type { Language } from '../shared/i18n.js'
import type { MessageKey } from './i18n/index.js'
import type { Answers } from './report.js'
import type { Taxonomy } from './taxonomy.js'
import type { ReportCreated } from './api.js'

/**
 * Five screens before the thank-you page: who and what, where, what kind of place and when, who did it (optional,
 * skippable), then the review with the optional questions about the reporter.
 */
export const STEPS = ['category', 'where', 'setting', 'offenders', 'review'] as const
export type StepId = (typeof STEPS)[number]
export type ScreenId = StepId | 'help' | 'saved' | 'lookup'

export type Municipality = {
  code: string
  name: string
  centroid: [number, number]
  bbox: [number, number, number, number]
}
export type Neighbourhood = { code: string, name: string, centroid: [number, number] }

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string

/** What a step screen shows: its question, its content, and what "Next" does there. */
export type StepView = {
  title: string
  body: Node[]
  /** Checks and keeps the answer; false keeps the person on the step. Absent: no Next button. */
  next?: () => boolean
  nextLabel?: string
  /** Called when the screen is left, e.g. to detach the map. */
  leave?: () => void
}

export type AppContext = {
  readonly lang: Language
  readonly t: Translate
  /** Core's label for a taxonomy id, else the server's label, else the id. */
  label(kind: TaxonomyKind, id: string): string
  /** The one-line description under a category, from core, else the server's. */
  hint(categoryId: string): string | undefined
  readonly answers: Answers
  readonly taxonomy: Taxonomy
  /** The person came from the review screen to change one answer. */
  readonly returningToReview: boolean
  /** Keeps an answer and moves on: to the next step, or back to the review. */
  advance(from: StepId): void
  go(screen: ScreenId): void
  municipalities(): Promise<Municipality[]>
  neighbourhoods(code: string): Promise<Neighbourhood[]>
  mapStyleUrl(): Promise<string | null>
  /** Whether the installation offers place search and reverse lookup (off: the step names municipalities only). */
  placeSearch(): Promise<boolean>
  send(): Promise<void>
  readonly sending: boolean
  readonly lastReport: ReportCreated | undefined
  readonly lastProblem: { problem: import('./api.js').Problem } | undefined
  /** Whether the receipt code was copied or saved, so leaving the thank-you page need not ask first. */
  receiptKept: boolean
  startOver(): void
  announce(message: string): void
}
