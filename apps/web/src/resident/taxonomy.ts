// The ids the form offers: core's, so the first screen needs no request, then replaced by the server's list.
import { getJson } from './api.js'
import {
  AGE_BANDS, CATEGORY_GROUP_IDS, GENDER_IDS, HEARD_VIA_IDS, IDENTITY_GROUP_IDS, ROLE_IDS, SETTING_IDS, categories,
  type TaxonomyKind,
} from '@meldpunt/core/taxonomy'
import type { Language } from '../shared/i18n.js'

export type Taxonomy = {
  categories: { id: string, group: string }[]
  categoryGroups: string[]
  settings: string[]
  roles: string[]
  ageBands: string[]
  genders: string[]
  identityGroups: string[]
  heardVia: string[]
  /** Server labels by `kind.id`, used only for ids core does not know yet. */
  serverLabels: Record<string, string>
}

export const builtInTaxonomy: Taxonomy = {
  categories: categories.map((c) => ({ id: c.id, group: c.group })),
  categoryGroups: [...CATEGORY_GROUP_IDS],
  settings: [...SETTING_IDS],
  roles: [...ROLE_IDS],
  ageBands: [...AGE_BANDS],
  genders: [...GENDER_IDS],
  identityGroups: [...IDENTITY_GROUP_IDS],
  heardVia: [...HEARD_VIA_IDS],
  serverLabels: {},
}

type Labelled = { id: string, label: string }
type ServerTaxonomy = {
  categories: (Labelled & { group: string, description: string })[]
  categoryGroups: Labelled[]
  settings: Labelled[]
  roles: Labelled[]
  ageBands: Labelled[]
  genders: Labelled[]
  identityGroups: Labelled[]
  heardVia: Labelled[]
}

/** Turns the server's taxonomy into ids plus fallback labels. */
export function fromServer(data: ServerTaxonomy): Taxonomy {
  const serverLabels: Record<string, string> = {}
  const ids = (kind: TaxonomyKind, list: Labelled[]) => list.map((o) => { serverLabels[`${kind}.${o.id}`] = o.label; return o.id })
  for (const c of data.categories) serverLabels[`categories.${c.id}.hint`] = c.description
  return {
    categories: data.categories.map((c) => { serverLabels[`categories.${c.id}`] = c.label; return { id: c.id, group: c.group } }),
    categoryGroups: ids('categoryGroups', data.categoryGroups),
    settings: ids('settings', data.settings),
    roles: ids('roles', data.roles),
    ageBands: ids('ageBands', data.ageBands),
    genders: ids('genders', data.genders),
    identityGroups: ids('identityGroups', data.identityGroups),
    heardVia: ids('heardVia', data.heardVia),
    serverLabels,
  }
}

/** The server's taxonomy, or undefined when it cannot be reached (the built-in ids then stay). */
export async function loadTaxonomy(lang: Language): Promise<Taxonomy | undefined> {
  const serverLang = lang === 'nl' ? 'nl' : 'en'
  try {
    const data = await getJson<ServerTaxonomy>(`/api/v1/taxonomy?lang=${serverLang}`)
    return Array.isArray(data.categories) && data.categories.length > 0 ? fromServer(data) : undefined
  } catch {
    return undefined
  }
}
