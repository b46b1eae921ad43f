// Labels for category, setting and answer ids from GET /api/v1/taxonomy, per language, with the id as fallback.
import { request } from './api.js'
import { lang, type Lang } from './i18n.js'
import type { Taxonomy } from './types.js'

const loaded = new Map<Lang, Promise<Taxonomy>>()
const ready = new Map<Lang, Taxonomy>()

export function loadTaxonomy(): Promise<Taxonomy> {
  const l = lang()
  let pending = loaded.get(l)
  if (!pending) {
    pending = request<Taxonomy>('/taxonomy', { query: { lang: l } }).then((tx) => {
      ready.set(l, tx)
      return tx
    })
    pending.catch(() => loaded.delete(l))
    loaded.set(l, pending)
  }
  return pending
}

export type LabelKind = 'categories' | 'settings' | 'heardVia' | 'roles' | 'ageBands' | 'genders' | 'identityGroups' | 'precisions'

/** The label of an id in the current language, or the id itself until the taxonomy has loaded. */
export function label(kind: LabelKind, id: string | null | undefined): string {
  if (!id) return ''
  const tx = ready.get(lang())
  return tx?.[kind].find((o) => o.id === id)?.label ?? id
}

export function options(kind: LabelKind): { id: string, label: string }[] {
  return ready.get(lang())?.[kind].map(({ id, label }) => ({ id, label })) ?? []
}
