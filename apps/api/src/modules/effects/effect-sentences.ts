// Plain-language sentences (nl, en) that say what an effect estimate shows and what it does not.
import type { Lang, Localized } from '@meldpunt/core'

export interface RatioEstimate {
  rateRatio: number | null
  /** Upper end null when unbounded. */
  ci95: [number, number | null] | null
}

function decimals(x: number, lang: Lang, digits: number): string {
  const s = x.toFixed(digits)
  return lang === 'nl' ? s.replace('.', ',') : s
}

/**
 * Ratios with one decimal, as a council reads them, but two when an interval end lies near 1: "1.0–1.6"
 * would hide whether the interval includes 1, which is the whole question.
 */
export function formatInterval(est: RatioEstimate, lang: Lang): { ratio: string; low: string; high: string } | null {
  if (est.rateRatio === null || !est.ci95 || !Number.isFinite(est.rateRatio)) return null
  const [lo, hi] = est.ci95
  const digits = Math.abs(lo - 1) < 0.05 || (hi !== null && Math.abs(hi - 1) < 0.05) ? 2 : 1
  return {
    ratio: decimals(est.rateRatio, lang, digits),
    low: decimals(lo, lang, digits),
    high: hi === null ? (lang === 'nl' ? 'onbegrensd' : 'unbounded') : decimals(hi, lang, digits),
  }
}

const monthFormat: Record<Lang, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
}

export function formatDay(day: string, lang: Lang): string {
  return monthFormat[lang].format(new Date(`${day}T00:00:00Z`))
}

function percent(share: number, lang: Lang): string {
  return `${Math.round(share * 100)}${lang === 'nl' ? '%' : ' %'}`
}

type Verdict = 'increase' | 'decrease' | 'no-change' | 'none'

export function verdict(est: RatioEstimate): Verdict {
  if (est.rateRatio === null || !est.ci95) return 'none'
  const [lo, hi] = est.ci95
  if (lo > 1) return 'increase'
  if (hi !== null && hi < 1) return 'decrease'
  return 'no-change'
}

/** An interval more than threefold wide (or unbounded) cannot say how large a change is. */
function isWide(est: RatioEstimate): boolean {
  if (!est.ci95) return false
  const [lo, hi] = est.ci95
  return hi === null || lo <= 0 || hi / lo > 3
}

const VERDICT: Record<Exclude<Verdict, 'none'>, Localized> = {
  increase: { nl: 'De stijging is groter dan toeval alleen verklaart.', en: 'The increase is larger than chance alone explains.' },
  decrease: { nl: 'De daling is groter dan toeval alleen verklaart.', en: 'The decrease is larger than chance alone explains.' },
  'no-change': {
    nl: 'Het interval bevat 1: deze cijfers laten geen verandering zien die groter is dan toeval.',
    en: 'The interval includes 1: these numbers show no change beyond chance.',
  },
}
const WIDE: Localized = {
  nl: 'Het interval is breed: er zijn te weinig meldingen om te zeggen hoe groot de verandering is.',
  en: 'The interval is wide: there are too few reports to say how large the change is.',
}
export const REPORTING_NOT_HARASSMENT: Localized = {
  nl: 'Dit meet meldingen, niet de intimidatie zelf: een campagne kan mensen vaker laten melden zonder dat er meer gebeurt.',
  en: 'This measures reporting, not harassment itself: a campaign can make people report more without more happening.',
}
const BASELINE_CAVEAT: Localized = {
  nl: 'De vergelijking is met de periode ervoor; seizoenen en gebeurtenissen in die tijd kunnen de cijfers ook veranderen.',
  en: 'The comparison is with the period before; seasons and events in the meantime can also change the numbers.',
}

function weeksOrDays(days: number, lang: Lang): string {
  if (days % 7 === 0) return lang === 'nl' ? `${days / 7} weken` : `${days / 7} weeks`
  return lang === 'nl' ? `${days} dagen` : `${days} days`
}

export interface CampaignSentenceInput {
  /** A registered campaign, or an ad-hoc period. */
  kind: 'campaign' | 'period'
  from: string
  to: string
  baselineDays: number
  during: RatioEstimate
  /** Null when the lag window has not begun or has no days. */
  lag: (RatioEstimate & { days: number }) | null
  /** Share of reports in the window naming the campaign's code or channel, and the same in the baseline. */
  share: { during: number | null; baseline: number | null } | null
  /** Days of the window that have data yet, when the window is still running. */
  coveredDays?: { covered: number; total: number }
  /** The period has not started: there is nothing to measure yet. */
  planned?: boolean
}

/** A short headline (the sentence a council slide carries) and the full paragraph. */
export function campaignSentences(input: CampaignSentenceInput): { headline: Localized; summary: Localized } {
  const make = (lang: Lang): { headline: string; summary: string } => {
    const nl = lang === 'nl'
    const span = `${formatDay(input.from, lang)} – ${formatDay(input.to, lang)}`
    const what = input.kind === 'campaign' ? (nl ? `Tijdens de campagne (${span})` : `During the campaign (${span})`) : nl ? `In de periode ${span}` : `In the period ${span}`
    const base = weeksOrDays(input.baselineDays, lang)
    const f = formatInterval(input.during, lang)
    const sentences: string[] = []
    let headline: string
    if (input.planned) {
      headline = nl ? 'De periode is nog niet begonnen.' : 'The period has not started yet.'
      sentences.push(
        nl
          ? `${what}: er is nog niets te meten. Na de start wordt vergeleken met de ${base} ervoor.`
          : `${what}: there is nothing to measure yet. Once it starts, it is compared with the ${base} before it.`,
      )
    } else if (!f) {
      headline = nl ? 'Er zijn te weinig meldingen om te vergelijken.' : 'There are too few reports to compare.'
      sentences.push(nl ? `${what} en in de ${base} ervoor zijn te weinig meldingen om te vergelijken.` : `${what} and in the ${base} before it there are too few reports to compare.`)
    } else {
      sentences.push(
        nl
          ? `${what} kwamen er per dag ${f.ratio} keer zoveel meldingen binnen als in de ${base} ervoor (95%-interval ${f.low}–${f.high}).`
          : `${what} there were ${f.ratio} times as many reports per day as in the ${base} before (95 % interval ${f.low}–${f.high}).`,
      )
      headline = nl
        ? `Meldingen waren ${f.ratio} keer de basislijn (95%-interval ${f.low}–${f.high}); dit meet melden, niet de intimidatie zelf.`
        : `Reports were ${f.ratio} times the baseline (95 % interval ${f.low}–${f.high}); this measures reporting, not harassment itself.`
      const v = verdict(input.during)
      if (v !== 'none') sentences.push(VERDICT[v][lang])
      if (isWide(input.during)) sentences.push(WIDE[lang])
    }
    if (input.coveredDays && input.coveredDays.covered < input.coveredDays.total) {
      sentences.push(
        nl
          ? `De periode loopt nog: de cijfers gaan over ${input.coveredDays.covered} van de ${input.coveredDays.total} dagen.`
          : `The period is still running: the numbers cover ${input.coveredDays.covered} of its ${input.coveredDays.total} days.`,
      )
    }
    if (input.lag) {
      const g = formatInterval(input.lag, lang)
      if (g) {
        sentences.push(
          nl
            ? `In de ${input.lag.days} dagen erna: ${g.ratio} keer zoveel (95%-interval ${g.low}–${g.high}).`
            : `In the ${input.lag.days} days after: ${g.ratio} times as many (95 % interval ${g.low}–${g.high}).`,
        )
      }
    }
    if (input.share?.during != null) {
      const b = input.share.baseline
      const during = percent(input.share.during, lang)
      sentences.push(
        nl
          ? `${during} van de meldingen in deze periode noemde de campagnecode of een van de kanalen${b != null ? ` (in de periode ervoor: ${percent(b, lang)})` : ''}.`
          : `${during} of reports in this period named the campaign code or one of its channels${b != null ? ` (in the period before: ${percent(b, lang)})` : ''}.`,
      )
    }
    sentences.push(REPORTING_NOT_HARASSMENT[lang], BASELINE_CAVEAT[lang])
    return { headline, summary: sentences.join(' ') }
  }
  const nl = make('nl')
  const en = make('en')
  return { headline: { nl: nl.headline, en: en.headline }, summary: { nl: nl.summary, en: en.summary } }
}

export interface InterventionSentenceInput {
  kindLabel: Localized
  name: string
  day: string
  windowDays: number
  ratio: RatioEstimate
  areaRateRatio: number | null
  restRateRatio: number | null
  /** Fewer than a week of data since the intervention. */
  tooEarly?: boolean
}

const INTERVENTION_CAVEAT: Localized = {
  nl: 'Dit meet meldingen, niet de intimidatie zelf. Het kan zich ook naar straten in de buurt verplaatsen, en andere veranderingen in dezelfde tijd kunnen een deel verklaren.',
  en: 'This measures reporting, not harassment itself. It may also move to nearby streets, and other changes at the same time can explain part of it.',
}

export function interventionSentences(input: InterventionSentenceInput): { headline: Localized; summary: Localized } {
  const make = (lang: Lang): { headline: string; summary: string } => {
    const nl = lang === 'nl'
    const f = formatInterval(input.ratio, lang)
    const when = formatDay(input.day, lang)
    const label = `${input.kindLabel[lang].toLowerCase()}: ${input.name}`
    const sentences: string[] = []
    let headline: string
    const change = (rr: number | null): string => (rr === null ? '–' : decimals(rr, lang, 2))
    if (input.tooEarly) {
      headline = nl ? 'Het is te vroeg om iets te zeggen.' : 'It is too early to say.'
      sentences.push(
        nl
          ? `De maatregel (${label}) ging in op ${when}; er is nog minder dan een week aan meldingen van daarna.`
          : `The intervention (${label}) started on ${when}; there is less than a week of reports since.`,
      )
    } else if (!f) {
      headline = nl ? 'Er zijn te weinig meldingen rond deze plek om te vergelijken.' : 'There are too few reports around this place to compare.'
      sentences.push(
        nl
          ? `Rond de maatregel (${label}, ${when}) zijn er in ${input.windowDays} dagen ervoor of erna te weinig meldingen om een verandering te schatten.`
          : `Around the intervention (${label}, ${when}) there are too few reports in the ${input.windowDays} days before or after to estimate a change.`,
      )
    } else {
      sentences.push(
        nl
          ? `Rond de maatregel (${label}, ${when}) veranderde het aantal meldingen per dag met een factor ${change(input.areaRateRatio)}, in de rest van de gemeente met ${change(input.restRateRatio)} (${input.windowDays} dagen ervoor tegen erna).`
          : `Around the intervention (${label}, ${when}) reports per day changed by a factor ${change(input.areaRateRatio)}, in the rest of the municipality by ${change(input.restRateRatio)} (${input.windowDays} days before against after).`,
        nl
          ? `Vergeleken met de rest van de gemeente is dat ${f.ratio} keer (95%-interval ${f.low}–${f.high}).`
          : `Relative to the rest of the municipality that is ${f.ratio} times (95 % interval ${f.low}–${f.high}).`,
      )
      headline = nl
        ? `Rond de maatregel ${f.ratio} keer de verandering in de rest van de gemeente (95%-interval ${f.low}–${f.high}).`
        : `Around the intervention, ${f.ratio} times the change in the rest of the municipality (95 % interval ${f.low}–${f.high}).`
      const v = verdict(input.ratio)
      if (v !== 'none') sentences.push(VERDICT[v][lang])
      if (isWide(input.ratio)) sentences.push(WIDE[lang])
    }
    sentences.push(INTERVENTION_CAVEAT[lang])
    return { headline, summary: sentences.join(' ') }
  }
  const nl = make('nl')
  const en = make('en')
  return { headline: { nl: nl.headline, en: en.headline }, summary: { nl: nl.summary, en: en.summary } }
}

export interface ComparisonSentenceInput {
  status: 'ok' | 'not-possible' | 'too-few-municipalities' | 'not-yet'
  kind: 'size-class' | 'all-others' | 'chosen'
  municipalities: number
  minimum: number
  during: RatioEstimate | null
}

/** "Compared with 24 similar municipalities in the same weeks, reports were 1.6 times higher (95 % interval 1.3–2.0)." */
export function comparisonSentence(input: ComparisonSentenceInput): { headline: Localized; summary: Localized } {
  const make = (lang: Lang): [string, string] => {
    const nl = lang === 'nl'
    const n = input.municipalities
    const group =
      input.kind === 'size-class'
        ? nl ? `${n} vergelijkbare gemeenten (zelfde grootteklasse)` : `${n} similar municipalities (same size class)`
        : input.kind === 'chosen'
          ? nl ? `de ${n} gekozen gemeenten` : `the ${n} chosen municipalities`
          : nl ? `${n} andere gemeenten` : `${n} other municipalities`
    if (input.status === 'not-yet') return one(nl ? 'Een vergelijking met andere gemeenten kan pas als de periode en de weken ervoor compleet zijn.' : 'A comparison with other municipalities needs the period and the weeks before it to be complete.')
    if (input.status === 'too-few-municipalities') {
      return one(nl
        ? `Vergelijking met andere gemeenten is niet mogelijk: er zijn minder dan 5 gemeenten zonder campagne in deze weken die de hele tijd meldingen hadden.`
        : `A comparison with other municipalities is not possible: fewer than 5 municipalities without a campaign in these weeks had reports throughout.`)
    }
    if (input.status === 'not-possible') {
      return one(nl
        ? `Vergelijking met ${group} is niet mogelijk: samen hadden zij in minstens één week minder dan ${input.minimum} meldingen.`
        : `A comparison with ${group} is not possible: together they had fewer than ${input.minimum} reports in at least one week.`)
    }
    const f = input.during ? formatInterval(input.during, lang) : null
    if (!input.during || !f) {
      return one(nl ? `Vergeleken met ${group} zijn er te weinig meldingen om een verschil te schatten.` : `Compared with ${group}, there are too few reports to estimate a difference.`)
    }
    const higher = input.during.rateRatio! >= 1
    const main = nl
      ? `Vergeleken met ${group} in dezelfde weken waren er ${f.ratio} keer zoveel meldingen (95%-interval ${f.low}–${f.high}).`
      : `Compared with ${group} in the same weeks, reports were ${f.ratio} times ${higher ? 'higher' : 'as high'} (95 % interval ${f.low}–${f.high}).`
    const v = verdict(input.during)
    const explain = nl
      ? 'Dit haalt weg wat overal tegelijk gebeurde (seizoen, landelijk nieuws, wetswijzigingen); de andere gemeenten tellen alleen samen mee.'
      : 'This removes what happened everywhere at the same time (season, national news, changes in the law); the other municipalities count only as one sum.'
    return [main, [main, v === 'none' ? '' : VERDICT[v][lang], isWide(input.during) ? WIDE[lang] : '', explain].filter(Boolean).join(' ')]
  }
  const one = (x: string): [string, string] => [x, x]
  const [nlHead, nlText] = make('nl')
  const [enHead, enText] = make('en')
  return { headline: { nl: nlHead, en: enHead }, summary: { nl: nlText, en: enText } }
}

export interface SeasonalSentenceInput {
  status: 'ok' | 'too-little-history' | 'not-yet' | 'not-estimable'
  historyMonths: number
  estimate: RatioEstimate | null
}

export function seasonalSentence(input: SeasonalSentenceInput): Localized {
  const make = (lang: Lang): string => {
    const nl = lang === 'nl'
    if (input.status === 'too-little-history') {
      return nl
        ? `Voor een correctie voor seizoenen zijn minstens 13 maanden meldingen nodig; er zijn er ${input.historyMonths}.`
        : `Allowing for seasons needs at least 13 months of reports; there are ${input.historyMonths}.`
    }
    if (input.status === 'not-yet') return nl ? 'De seizoenscorrectie volgt zodra de periode een volle week heeft.' : 'The seasonal comparison follows once the period has a full week.'
    const f = input.estimate ? formatInterval(input.estimate, lang) : null
    if (input.status === 'not-estimable' || !f) return nl ? 'Met seizoenscorrectie zijn er te weinig meldingen om te schatten.' : 'Allowing for seasons, there are too few reports to estimate.'
    return nl
      ? `Rekening houdend met seizoen en trend over ${input.historyMonths} maanden waren er in de periode ${f.ratio} keer zoveel meldingen als verwacht (95%-interval ${f.low}–${f.high}).`
      : `Allowing for the season and the trend over ${input.historyMonths} months, reports in the period were ${f.ratio} times the expected number (95 % interval ${f.low}–${f.high}).`
  }
  return { nl: make('nl'), en: make('en') }
}
