// Admins import the CBS neighbourhoods from the browser: choose a file, see its counts and a preview map, confirm.
import { clearCache, request } from '../api.js'
import type { View, ViewContext } from '../app.js'
import { h, replace, uid } from '../dom.js'
import { fmtNumber, t } from '../i18n/index.js'
import type { NeighbourhoodUploadPreview, NeighbourhoodUploadResult } from '@meldpunt/core/api'
import { definitionList, errorBox, loading, section } from '../ui.js'

export function neighbourhoodUploadView(_ctx: ViewContext): View {
  const fileId = uid('file')
  const input = h('input', { id: fileId, type: 'file', accept: '.geojson,.json,.gpkg,application/geo+json,application/json,application/geopackage+sqlite3' })
  const status = h('div', { 'aria-live': 'polite' })
  const result = h('div')
  let map: { destroy(): void } | null = null
  const dropMap = () => { map?.destroy(); map = null }

  const check = async (e: Event) => {
    e.preventDefault()
    dropMap()
    replace(result)
    const file = input.files?.[0]
    if (!file) {
      replace(status, h('p', { class: 'notice error', role: 'alert' }, t('nbupload.chooseFile')))
      input.focus()
      return
    }
    replace(status, loading(t('nbupload.checking')))
    let preview: NeighbourhoodUploadPreview
    try {
      preview = await request<NeighbourhoodUploadPreview>('/staff/neighbourhoods/upload/preview', { method: 'POST', file })
    } catch (error) {
      replace(status, h('div', null, h('p', { class: 'notice-title' }, t('nbupload.refused')), errorBox(error)))
      return
    }
    replace(status)
    const mapBox = h('div', { class: 'preview-map' })
    const confirm = h('button', { type: 'button' }, t('nbupload.confirm', { n: fmtNumber(preview.counts.buurt) }))
    const done = h('div', { 'aria-live': 'polite' })
    confirm.addEventListener('click', async () => {
      confirm.disabled = true
      replace(done, loading(t('nbupload.importing')))
      try {
        const r = await request<NeighbourhoodUploadResult>('/staff/neighbourhoods/upload', { method: 'POST', file })
        clearCache()
        replace(done, h('div', { class: 'notice', role: 'status' },
          h('p', null, t('nbupload.done', { imported: fmtNumber(r.imported), removed: fmtNumber(r.removed), with: fmtNumber(r.reportsWithNeighbourhood), without: fmtNumber(r.reportsWithout) })),
          h('p', null, h('a', { href: '#/neighbourhoods' }, t('nbupload.toList')))))
      } catch (error) {
        confirm.disabled = false
        replace(done, errorBox(error))
      }
    })
    replace(result, section(t('nbupload.previewTitle'), {},
      definitionList([
        [t('nbupload.format'), preview.format === 'geopackage' ? 'GeoPackage' : 'GeoJSON'],
        [t('nbupload.crs'), preview.srid === 28992 ? 'EPSG:28992 (RD New)' : 'EPSG:4326 (WGS84)'],
        [t('nbupload.buurten'), fmtNumber(preview.counts.buurt)],
        [t('nbupload.wijken'), fmtNumber(preview.counts.wijk)],
        [t('nbupload.gemeenten'), fmtNumber(preview.counts.gemeente)],
        [t('nbupload.others'), fmtNumber(preview.counts.otherMunicipalities)],
      ]),
      mapBox,
      h('p', null, confirm),
      done))
    const { createNeighbourhoodPreviewMap } = await import('../neighbourhood-preview-map.js')
    map = createNeighbourhoodPreviewMap(mapBox, { bbox: preview.bbox, preview: preview.preview, label: t('nbupload.mapLabel') })
  }

  return {
    title: t('nbupload.title'),
    el: h('div', { class: 'narrow' },
      h('h1', null, t('nbupload.title')),
      h('p', { class: 'lead' }, t('nbupload.intro')),
      h('form', { onsubmit: check, novalidate: true },
        h('div', { class: 'field' }, h('label', { for: fileId }, t('nbupload.file')), input),
        h('p', null, h('button', { type: 'submit' }, t('nbupload.check')))),
      status,
      result),
    dispose: dropMap,
  }
}
