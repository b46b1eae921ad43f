// Labels of taxonomy ids in the dashboard's language, from core, with the id itself for an id core does not know yet.
import { taxonomyLabel, taxonomyLists, type TaxonomyKind } from '@meldpunt/core/taxonomy'
import { lang } from './i18n/index.js'

export function label(kind: TaxonomyKind, id: string | null | undefined): string {
  if (!id) return ''
  return taxonomyLabel(kind, id, lang()) ?? id
}

export function options(kind: TaxonomyKind): { id: string, label: string }[] {
  const l = lang()
  return taxonomyLists[kind].map((o) => ({ id: o.id, label: o.label[l] }))
}
