// A campaign's effect on reporting: plain-language verdict, rate ratios with intervals, attribution, the daily chart; and the council page.
import type { View, ViewContext } from '../app.js'
import { legend, timeSeriesChart, type ChartPeriod, type ChartPoint } from '../charts/time-series-chart.js'
import { h, replace, uid, type Child } from '../dom.js'
import { addDays, today } from '../filters.js'
import { fmtDay, fmtNumber, pick, t, type MessageKey } from '../i18n/index.js'
import type { Attribution, CampaignEffectOut, Comparison, EffectWindow, Localized, Ratio, RegisterOptions } from '@meldpunt/core/api'
import { fmtRatio, loadCampaignEffect, loadOptions, optionLabel } from '../registers.js'
import { definitionList, errorBox, loading, section } from '../ui.js'
import { statusLabel } from './campaigns-view.js'

const BASELINE_CHOICES = [28, 56, 91, 182]

function chartOf(e: CampaignEffectOut, compact = false): HTMLElement {
  const c = e.campaign
  const points: ChartPoint[] = e.series.map((p) => ({
    start: p.day, days: 1, count: p.count, expected: p.expected, band: p.band, spike: p.spike, note: t(`campaigns.phase.${p.phase}` as MessageKey),
  }))
  const periods: ChartPeriod[] = [{ from: c.startsOn, to: c.endsOn, label: t('campaigns.legendCampaign'), kind: 'campaign' }]
  if (c.lagDays > 0) periods.push({ from: addDays(c.endsOn, 1), to: addDays(c.endsOn, c.lagDays), label: t('campaigns.legendLag'), kind: 'lag' })
  const first = e.series[0]?.day ?? c.startsOn
  const last = e.series[e.series.length - 1]?.day ?? c.endsOn
  return h('div', { class: 'effect-chart' },
    timeSeriesChart({
      points,
      interval: 'day',
      periods,
      showExpected: true,
      noteHeader: t('campaigns.phase'),
      compact,
      height: compact ? 220 : 300,
      label: t('campaigns.effectChartLabel', { from: fmtDay(first), to: fmtDay(last), spikes: e.series.filter((p) => p.spike).length }),
    }),
    legend([
      { swatch: 'bar-swatch', text: t('campaigns.legendCount') },
      { swatch: 'expected-swatch', text: t('campaigns.legendExpected') },
      { swatch: 'band-swatch', text: t('campaigns.legendBand') },
      { swatch: 'spike-swatch', text: t('campaigns.legendSpike') },
      { swatch: 'campaign-swatch', text: t('campaigns.legendCampaign') },
      ...(c.lagDays > 0 ? [{ swatch: 'lag-swatch', text: t('campaigns.legendLag') }] : []),
    ]))
}

type Estimate = Pick<Ratio, 'rateRatio' | 'ci95'>

function ratioCard(title: string, window: EffectWindow | null, ratio: Estimate | null, className: string, ...extra: Child[]): HTMLElement {
  return h('div', { class: `figure-card ${className}` },
    h('h3', null, title),
    h('p', { class: 'ratio' }, h('span', { class: 'visually-hidden' }, `${t('campaigns.rateRatio')}: `), ratio?.rateRatio != null ? fmtNumber(ratio.rateRatio, 2) : t('campaigns.noEstimate')),
    ratio?.rateRatio != null && ratio.ci95
      ? h('p', { class: 'interval' }, `${t('campaigns.interval95')}: `, h('span', { class: 'value' }, `${fmtNumber(ratio.ci95[0], 2)}–${ratio.ci95[1] === null ? t('campaigns.upperUnbounded') : fmtNumber(ratio.ci95[1], 2)}`))
      : null,
    window ? h('p', { class: 'muted' }, t('campaigns.reportsIn', { n: fmtNumber(window.reports), days: window.days }), ' · ', t('campaigns.perDayRate', { rate: fmtNumber(window.rate, 1) })) : null,
    extra)
}

/** The leading figure's sentence above the before/after headline, when the leading figure is not before/after. */
function leadText(e: CampaignEffectOut): Localized | null {
  return e.headlineMethod === 'comparison' ? e.comparison.headline : e.headlineMethod === 'seasonal' ? e.seasonal.text : null
}

function leadSentence(e: CampaignEffectOut): HTMLElement | null {
  const text = leadText(e)
  return text ? h('p', { class: 'effect-lead' }, h('strong', null, `${t('effects.leads')}: `), pick(text)) : null
}

function groupDescription(g: Comparison['group']): string {
  const n = fmtNumber(g.municipalities)
  const main = g.kind === 'size-class' ? t('effects.groupSizeClass', { n, cls: g.sizeClass ?? '' }) : g.kind === 'chosen' ? t('effects.groupChosen', { n }) : t('effects.groupAllOthers', { n })
  return g.excluded > 0 ? `${main} ${t('effects.groupExcluded', { n: fmtNumber(g.excluded) })}` : main
}

/** Before/after beside the comparison group and the seasonal model, the leading one marked, and the group. */
function honestSection(e: CampaignEffectOut, chosen: string, choose: (codes: string) => void): HTMLElement {
  const leads = (m: CampaignEffectOut['headlineMethod']) => (e.headlineMethod === m ? h('p', { class: 'leads' }, t('effects.leads')) : null)
  const cmp = e.comparison
  const inputId = uid('comparison')
  const input = h('input', { id: inputId, type: 'text', value: chosen, placeholder: t('effects.choosePlaceholder'), autocomplete: 'off', spellcheck: 'false' }) as HTMLInputElement
  const form = h('form', { class: 'comparison-choice no-print' },
    h('div', { class: 'field inline' }, h('label', { for: inputId }, t('effects.chooseLabel')), input),
    h('button', { type: 'submit', class: 'secondary' }, t('effects.chooseApply')),
    chosen ? h('button', { type: 'button', class: 'secondary', onclick: () => choose('') }, t('effects.chooseDefault')) : null)
  form.addEventListener('submit', (ev) => {
    ev.preventDefault()
    choose(input.value.replace(/\s+/g, ''))
  })
  return section(t('effects.honestTitle'), { className: 'panel honest-effects' },
    h('div', { class: 'figure-cards' },
      ratioCard(t('effects.beforeAfter'), null, e.effect.during, 'ratio-before-after', leads('before-after')),
      ratioCard(t('effects.comparison'), null, cmp.status === 'ok' ? cmp.during : null, 'ratio-comparison', leads('comparison'),
        cmp.status === 'not-possible' || cmp.status === 'too-few-municipalities' ? h('p', { class: 'muted' }, t('effects.notPossible')) : null),
      ratioCard(t('effects.seasonal'), null, e.seasonal.status === 'ok' ? e.seasonal : null, 'ratio-seasonal', leads('seasonal'))),
    h('p', { class: 'comparison-text' }, pick(cmp.text)),
    h('p', { class: 'comparison-group muted' }, groupDescription(cmp.group)),
    h('p', { class: 'seasonal-text' }, pick(e.seasonal.text)),
    form,
    h('p', { class: 'muted small' }, t('effects.methodComparison')))
}

function shareText(a: Attribution | null): string {
  if (!a || a.namingCodeOrChannel.share === null) return '–'
  const s = a.namingCodeOrChannel
  return t('campaigns.attributionRow', { pct: fmtNumber(s.share! * 100, 0), n: fmtNumber(s.count), total: fmtNumber(s.total) })
}

function attributionTable(e: CampaignEffectOut): HTMLElement | null {
  const a = e.attribution
  if (!a) return null
  return h('table', { class: 'data-table attribution' },
    h('caption', { class: 'visually-hidden' }, t('campaigns.attribution')),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('campaigns.phase')), h('th', { scope: 'col', class: 'num' }, t('campaigns.share')))),
    h('tbody', null,
      h('tr', null, h('th', { scope: 'row' }, t('campaigns.baselineWindow', { n: e.windows.baseline?.days ?? 0 })), h('td', { class: 'num' }, shareText(a.baseline))),
      h('tr', null, h('th', { scope: 'row' }, t('campaigns.duringCampaign')), h('td', { class: 'num' }, shareText(a.during))),
      e.windows.lag ? h('tr', null, h('th', { scope: 'row' }, t('campaigns.lagWindow', { n: e.windows.lag.days })), h('td', { class: 'num' }, shareText(a.lag))) : null))
}

function campaignMeta(e: CampaignEffectOut, options: RegisterOptions | null): HTMLElement {
  const c = e.campaign
  return definitionList([
    [t('campaigns.code'), h('code', null, c.code)],
    [t('filters.period'), `${fmtDay(c.startsOn)} – ${fmtDay(c.endsOn)}`],
    [t('campaigns.status'), statusLabel(e.status)],
    [t('campaigns.channels'), c.channels.map((id) => optionLabel(options?.channels, id)).join(', ') || '–'],
    [t('campaigns.targetGroups'), c.targetGroups.map((id) => optionLabel(options?.targetGroups, id)).join(', ') || '–'],
    [t('campaigns.link'), h('a', { href: c.url }, c.url)],
  ])
}

export function campaignEffectView(ctx: ViewContext): View {
  const id = ctx.params['id'] ?? ''
  const baselineDays = Number(ctx.query.get('baselineDays')) || 56
  const comparison = ctx.query.get('comparison') ?? ''
  const box = h('div', { class: 'effect-box' }, loading())
  const heading = h('h1', null, t('campaigns.openEffect'))
  const canEdit = ctx.session.user.role === 'campaign' || ctx.session.user.role === 'admin'

  const baselineId = uid('baseline')
  const baselineSelect = h('select', { id: baselineId },
    BASELINE_CHOICES.map((n) => h('option', { value: String(n), selected: n === baselineDays }, t('campaigns.baselineOption', { n }))))
  const go = (days: string, codes: string) => ctx.navigate(`#/campaigns/${id}?baselineDays=${days}${codes ? `&comparison=${encodeURIComponent(codes)}` : ''}`)
  baselineSelect.addEventListener('change', () => go(baselineSelect.value, comparison))

  void (async () => {
    try {
      const [e, options] = await Promise.all([loadCampaignEffect(id, baselineDays, comparison || undefined), loadOptions().catch(() => null)])
      const c = e.campaign
      heading.textContent = t('campaigns.effectTitle', { name: c.name })
      document.title = `${heading.textContent} · ${t('app.title')}`
      replace(box,
        h('div', { class: 'effect-top' },
          h('div', { class: 'effect-verdict' },
            leadSentence(e),
            h('p', { class: 'effect-headline', id: 'effect-headline' }, pick(e.text.headline)),
            h('p', { class: 'effect-summary' }, pick(e.text.summary))),
          h('figure', { class: 'qr' },
            h('img', { src: c.qrSvg, alt: t('campaigns.qrAlt', { code: c.code }), width: 132, height: 132 }),
            h('figcaption', null, t('campaigns.qrCode')))),
        h('div', { class: 'figure-cards' },
          ratioCard(t('campaigns.duringCampaign'), e.windows.during, e.effect.during, 'ratio-during'),
          e.windows.lag || c.lagDays > 0 ? ratioCard(t('campaigns.lagWindow', { n: c.lagDays }), e.windows.lag, e.effect.lag, 'ratio-lag') : null,
          h('div', { class: 'figure-card baseline-card' },
            h('h3', null, t('campaigns.baselineWindow', { n: baselineDays })),
            e.windows.baseline
              ? [h('p', { class: 'ratio' }, t('campaigns.perDayRate', { rate: fmtNumber(e.windows.baseline.rate, 1) })),
                  h('p', { class: 'muted' }, `${fmtDay(e.windows.baseline.from)} – ${fmtDay(e.windows.baseline.to)}`, ' · ', t('campaigns.reportsIn', { n: fmtNumber(e.windows.baseline.reports), days: e.windows.baseline.days }))]
              : h('p', null, t('campaigns.noEstimate')))),
        honestSection(e, comparison, (codes) => go(String(baselineDays), codes)),
        section(t('dashboard.timeSeriesTitle'), {}, chartOf(e)),
        h('div', { class: 'two-columns' },
          section(t('campaigns.attribution'), {}, attributionTable(e) ?? h('p', null, '–')),
          section(t('campaigns.alertsDuring'), {}, e.alerts.length
            ? h('ul', { class: 'alert-list' }, e.alerts.map((a) => h('li', null,
              t('alerts.sentence', { day: fmtDay(a.day), observed: fmtNumber(a.observed), expected: fmtNumber(a.expected, 1), method: a.method }))))
            : h('p', { class: 'hint' }, t('dashboard.noAlerts')))),
        section(t('campaigns.method'), { className: 'panel method' },
          h('p', null, t('campaigns.methodText', { n: baselineDays })),
          h('p', { class: 'muted' }, `${t('campaigns.rateRatio')}: ${fmtRatio(e.effect.during)}; ${e.effect.during?.method ?? ''}`)),
        section(t('campaigns.aboutCampaign'), { className: 'panel' }, campaignMeta(e, options),
          h('p', { class: 'hint' }, t('campaigns.enteredBy', { who: c.createdBy ?? '?', date: fmtDay(c.createdAt.slice(0, 10)) }))))
    } catch (error) {
      replace(box, errorBox(error))
    }
  })()

  return {
    title: t('campaigns.openEffect'),
    el: h('div', { class: 'effect-page' },
      h('p', { class: 'no-print' }, h('a', { href: '#/campaigns' }, `← ${t('campaigns.title')}`)),
      h('div', { class: 'page-head with-actions' },
        heading,
        h('div', { class: 'page-actions no-print' },
          h('div', { class: 'field inline' }, h('label', { for: baselineId }, t('campaigns.baselineLabel')), baselineSelect),
          h('a', { class: 'button primary', href: `#/campaigns/${id}/council${baselineDays !== 56 ? `?baselineDays=${baselineDays}` : ''}` }, t('campaigns.councilSummary')),
          canEdit ? h('a', { class: 'button secondary', href: `#/campaigns/${id}/edit` }, t('common.edit')) : null)),
      box),
  }
}

export function councilSummaryView(ctx: ViewContext): View {
  const id = ctx.params['id'] ?? ''
  const baselineDays = Number(ctx.query.get('baselineDays')) || 56
  const box = h('div', null, loading())
  void (async () => {
    try {
      const e = await loadCampaignEffect(id, baselineDays)
      const c = e.campaign
      const b = e.windows.baseline
      document.title = `${t('campaigns.councilTitle', { name: c.name })} · ${t('app.title')}`
      replace(box, h('article', { class: 'council-page' },
        h('header', { class: 'doc-head' },
          h('p', { class: 'muted' }, t('campaigns.councilMunicipality', { name: ctx.session.user.municipality?.name ?? '' })),
          h('h1', null, t('campaigns.councilTitle', { name: c.name })),
          h('p', null, t('campaigns.councilPeriod', { from: fmtDay(c.startsOn), to: fmtDay(c.endsOn), bfrom: b ? fmtDay(b.from) : '–', bto: b ? fmtDay(b.to) : '–' }))),
        // The leading figure heads the council page (docs/adr/0120); before/after stays among the key figures below.
        h('p', { class: 'effect-headline council-headline' }, pick(leadText(e) ?? e.text.headline)),
        h('h2', null, t('campaigns.councilKeyFigures')),
        h('div', { class: 'figure-cards' },
          ratioCard(t('campaigns.duringCampaign'), e.windows.during, e.effect.during, 'ratio-during'),
          c.lagDays > 0 ? ratioCard(t('campaigns.lagWindow', { n: c.lagDays }), e.windows.lag, e.effect.lag, 'ratio-lag') : null,
          e.attribution ? h('div', { class: 'figure-card' }, h('h3', null, t('campaigns.attribution')), h('p', { class: 'ratio small' }, shareText(e.attribution.during)),
            h('p', { class: 'muted' }, `${t('campaigns.baselineWindow', { n: b?.days ?? baselineDays })}: ${shareText(e.attribution.baseline)}`)) : null),
        chartOf(e, true),
        h('h2', null, t('campaigns.councilWhatItShows')),
        h('p', null, pick(e.text.summary)),
        h('p', null, t('campaigns.councilReportingNotIncidence')),
        h('p', { class: 'muted small' }, t('campaigns.methodText', { n: baselineDays })),
        h('footer', { class: 'doc-foot' }, h('p', null, t('campaigns.councilPrinted', { date: fmtDay(today()), through: fmtDay(e.dataThrough) })))))
    } catch (error) {
      replace(box, errorBox(error))
    }
  })()
  return {
    title: t('campaigns.councilSummary'),
    el: h('div', { class: 'council-wrap' },
      h('div', { class: 'doc-actions no-print' },
        h('a', { href: `#/campaigns/${id}` }, `← ${t('campaigns.openEffect')}`),
        h('button', { type: 'button', class: 'primary', onclick: () => window.print() }, t('common.print'))),
      box),
  }
}
