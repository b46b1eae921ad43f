// Interventions at places: the register, the form (place by map click or typed coordinates), and the before/after effect.
import { ApiError, clearCache } from '../api.js'
import type { View, ViewContext } from '../app.js'
import { legend, timeSeriesChart, type ChartPoint } from '../charts/time-series-chart.js'
import { h, replace } from '../dom.js'
import { today } from '../filters.js'
import { clearErrors, fieldMessage, formActions, selectField, showFieldErrors, textArea, textField, type Field } from '../forms.js'
import { fmtDay, fmtNumber, fmtP, pick, t } from '../i18n/index.js'
import type { PlacePicker } from '../place-picker.js'
import type { InterventionEffectOut } from '@meldpunt/core/api'
import { fmtRatio, loadInterventionEffect, loadInterventions, loadOptions, optionLabel, saveIntervention } from '../registers.js'
import { registerAdminPanel } from '../register-admin.js'
import { definitionList, emptyState, errorBox, loadInto, loading, section } from '../ui.js'

export function interventionsView(_ctx: ViewContext): View {
  const box = h('div')
  void loadInto(box, async () => ({ list: await loadInterventions(), options: await loadOptions().catch(() => null) }), ({ list, options }) => {
    if (!list.length) return emptyState(t('interventions.title'), t('interventions.empty'), h('a', { class: 'button primary', href: '#/interventions/new' }, t('interventions.newIntervention')))
    return h('div', { class: 'table-scroll' }, h('table', { class: 'data-table' },
      h('caption', { class: 'visually-hidden' }, t('interventions.title')),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('interventions.titleLabel')), h('th', { scope: 'col' }, t('interventions.kind')), h('th', { scope: 'col' }, t('interventions.startedOn')),
        h('th', { scope: 'col' }, t('interventions.placeOnMap')), h('th', { scope: 'col' }, t('dashboard.actions')))),
      h('tbody', null, list.map((i) => h('tr', null,
        h('th', { scope: 'row' }, h('a', { href: `#/interventions/${i.id}` }, i.name)),
        h('td', null, optionLabel(options?.interventionKinds, i.kind)),
        h('td', null, fmtDay(i.startedOn)),
        h('td', null, i.place ? `${fmtNumber(i.place.lat, 4)}, ${fmtNumber(i.place.lon, 4)} (${fmtNumber(i.place.radiusMetres)} m)` : t('campaigns.area')),
        h('td', null, h('a', { href: `#/interventions/${i.id}` }, t('campaigns.effect'))))))))
  })
  return {
    title: t('interventions.title'),
    el: h('div', null,
      h('div', { class: 'page-head with-actions' },
        h('div', null, h('h1', null, t('interventions.title')), h('p', { class: 'lead' }, t('interventions.intro'))),
        h('a', { class: 'button primary', href: '#/interventions/new' }, t('interventions.newIntervention'))),
      box),
  }
}

export function interventionFormView(ctx: ViewContext): View {
  const box = h('div', null, loading())
  let picker: PlacePicker | null = null
  let disposed = false

  void (async () => {
    try {
      const options = await loadOptions()
      const kind = selectField('kind', t('interventions.kind'), options.interventionKinds.map((o) => ({ id: o.id, label: pick(o.label) })))
      const name = textField('name', t('interventions.titleLabel'), { required: true, maxlength: 200 })
      const startedOn = textField('startedOn', t('interventions.startedOn'), { type: 'date', value: today(), required: true })
      const lat = textField('place', t('interventions.latitude'), { type: 'number', required: true })
      const lon = textField('place', t('interventions.longitude'), { type: 'number', required: true })
      const radius = textField('place', t('interventions.radius'), { type: 'number', value: '150', required: true })
      for (const f of [lat, lon]) f.input.step = 'any'
      radius.input.min = '25'
      radius.input.max = '2000'
      const notes = textArea('notes', t('campaigns.notes'), { optional: true })
      const fields: Field[] = [kind, name, startedOn, lat, notes]
      const status = h('div', { class: 'form-status', role: 'alert' })
      const mapBox = h('div', { class: 'picker-map' })
      const submit = h('button', { type: 'submit', class: 'primary' }, t('common.save'))

      const current = () => {
        const a = Number(lat.input.value), o = Number(lon.input.value), r = Number(radius.input.value)
        return lat.input.value && lon.input.value && Number.isFinite(a) && Number.isFinite(o) ? { lat: a, lon: o, radius: r || 150 } : null
      }
      for (const f of [lat, lon, radius]) f.input.addEventListener('change', () => picker?.set(current()))

      const form = h('form', { class: 'register-form', novalidate: true },
        status, kind.el, name.el, startedOn.el,
        h('fieldset', { class: 'place-fieldset' },
          h('legend', null, t('interventions.placeOnMap')),
          h('p', { class: 'hint' }, t('interventions.placeHelp')),
          mapBox,
          h('div', { class: 'field-row' }, lat.el, lon.el, radius.el)),
        notes.el,
        formActions(submit, h('a', { class: 'button secondary', href: '#/interventions' }, t('common.cancel'))))

      form.addEventListener('submit', async (event) => {
        event.preventDefault()
        clearErrors([...fields, lon, radius])
        status.textContent = ''
        const place = current()
        if (!name.input.value.trim()) { name.error.textContent = fieldMessage('required'); name.input.setAttribute('aria-invalid', 'true'); name.input.focus(); return }
        if (!place) { lat.error.textContent = fieldMessage('required'); lat.input.setAttribute('aria-invalid', 'true'); lat.input.focus(); return }
        submit.disabled = true
        try {
          const saved = await saveIntervention({
            kind: kind.input.value, name: name.input.value.trim(), startedOn: startedOn.input.value, endedOn: null,
            place: { lat: place.lat, lon: place.lon, radiusMetres: Math.round(place.radius) }, area: null, notes: notes.input.value.trim() || null,
          })
          clearCache()
          ctx.navigate(`#/interventions/${saved.id}`)
        } catch (error) {
          submit.disabled = false
          if (error instanceof ApiError && error.status < 500 && showFieldErrors(error, fields)) status.textContent = t('campaigns.fixErrors')
          else replace(status, errorBox(error))
        }
      })
      replace(box, form)

      const { createPlacePicker } = await import('../place-picker.js')
      if (disposed) return
      picker = createPlacePicker(mapBox, {
        bbox: ctx.municipality?.bbox ?? null,
        municipality: ctx.session.user.municipality!.code,
        label: t('interventions.placeOnMap'),
        onPick: (o, a) => {
          lon.input.value = String(o)
          lat.input.value = String(a)
          picker?.set(current())
        },
      })
    } catch (error) {
      replace(box, errorBox(error))
    }
  })()

  return {
    title: t('interventions.newIntervention'),
    el: h('div', { class: 'narrow' },
      h('p', null, h('a', { href: '#/interventions' }, `← ${t('interventions.title')}`)),
      h('h1', null, t('interventions.newIntervention')),
      box),
    dispose() { disposed = true; picker?.destroy() },
  }
}

function groupRow(title: string, g: InterventionEffectOut['area']): HTMLElement {
  return h('tr', null,
    h('th', { scope: 'row' }, title),
    h('td', { class: 'num' }, fmtNumber(g.before)),
    h('td', { class: 'num' }, fmtNumber(g.after)),
    h('td', null, fmtRatio(g)))
}

export function interventionEffectView(ctx: ViewContext): View {
  const id = ctx.params['id'] ?? ''
  const heading = h('h1', null, t('campaigns.effect'))
  const box = h('div', null, loading())
  void (async () => {
    try {
      const [e, options] = await Promise.all([loadInterventionEffect(id), loadOptions().catch(() => null)])
      const i = e.intervention
      heading.textContent = t('interventions.effectTitle', { name: i.name })
      document.title = `${heading.textContent} · ${t('app.title')}`
      const weekly = (which: 'area' | 'rest'): ChartPoint[] => e.series.map((p) => ({ start: p.from, days: 7, count: p[which], note: p.phase === 'before' ? t('interventions.before') : t('interventions.after') }))
      const r = e.ratioOfRateRatios
      replace(box,
        h('p', { class: 'effect-headline' }, pick(e.text.headline)),
        h('p', { class: 'effect-summary' }, pick(e.text.summary)),
        definitionList([
          [t('interventions.kind'), optionLabel(options?.interventionKinds, i.kind)],
          [t('interventions.startedOn'), fmtDay(i.startedOn)],
          [t('interventions.placeOnMap'), i.place ? `${fmtNumber(i.place.lat, 5)}, ${fmtNumber(i.place.lon, 5)} (${fmtNumber(i.place.radiusMetres)} m)` : t('campaigns.area')],
          [t('interventions.ratioOfRatios'), r.estimate === null ? t('campaigns.noEstimate') : `${fmtNumber(r.estimate, 2)}${r.ci95 ? ` (${t('campaigns.interval95')} ${fmtNumber(r.ci95[0], 2)}–${fmtNumber(r.ci95[1], 2)})` : ''}${r.pValue !== null ? `, p = ${fmtP(r.pValue)}` : ''}`],
        ]),
        h('div', { class: 'table-scroll' }, h('table', { class: 'data-table' },
          h('caption', null, `${t('interventions.before')}: ${fmtDay(e.windows.before.from)} – ${fmtDay(e.windows.before.to)}${e.windows.after ? `; ${t('interventions.after')}: ${fmtDay(e.windows.after.from)} – ${fmtDay(e.windows.after.to)}` : ''}`),
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, ''), h('th', { scope: 'col', class: 'num' }, t('interventions.before')), h('th', { scope: 'col', class: 'num' }, t('interventions.after')), h('th', { scope: 'col' }, t('campaigns.rateRatio')))),
          h('tbody', null, groupRow(t('interventions.areaCells', { n: e.cells.count }), e.area), groupRow(t('interventions.restOfMunicipality'), e.rest)))),
        e.series.length ? h('div', { class: 'two-columns' },
          section(t('interventions.legendArea'), {}, timeSeriesChart({ points: weekly('area'), interval: 'week', compact: true, height: 220, markers: [{ day: i.startedOn, label: t('interventions.legendIntervention') }], noteHeader: t('campaigns.phase'), label: t('interventions.chartLabel', { date: fmtDay(i.startedOn) }) })),
          section(t('interventions.restOfMunicipality'), {}, timeSeriesChart({ points: weekly('rest'), interval: 'week', compact: true, height: 220, barClass: 'bar-muted', markers: [{ day: i.startedOn, label: t('interventions.legendIntervention') }], noteHeader: t('campaigns.phase'), label: t('interventions.chartLabel', { date: fmtDay(i.startedOn) }) }))) : null,
        e.series.length ? legend([{ swatch: 'marker-swatch', text: t('interventions.legendIntervention') }]) : null,
        i.notes ? section(t('campaigns.notes'), {}, h('p', null, i.notes)) : null,
        h('p', { class: 'hint' }, t('campaigns.enteredBy', { who: i.createdBy ?? '?', date: fmtDay(i.createdAt.slice(0, 10)) })),
        ctx.session.user.role === 'admin' ? h('div', { class: 'no-print' }, registerAdminPanel('interventions', id, () => ctx.navigate('#/interventions'))) : null)
    } catch (error) {
      replace(box, errorBox(error))
    }
  })()
  return {
    title: t('campaigns.effect'),
    el: h('div', { class: 'effect-page' },
      h('p', { class: 'no-print' }, h('a', { href: '#/interventions' }, `← ${t('interventions.title')}`)),
      h('div', { class: 'page-head with-actions' }, heading, h('button', { type: 'button', class: 'secondary no-print', onclick: () => window.print() }, t('common.print'))),
      box),
  }
}
