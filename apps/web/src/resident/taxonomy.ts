// The ids the form offers: built in so the first screen needs no request, then replaced by the server's list.
import { getJson } from './api.js'
import type { Language } from './i18n/index.js'

export type Taxonomy = {
  categories: { id: string, group: string }[]
  categoryGroups: string[]
  settings: string[]
  roles: string[]
  ageBands: string[]
  genders: string[]
  identityGroups: string[]
  heardVia: string[]
  /** Server labels by `kind.id`, used only for ids the catalogues do not know yet. */
  serverLabels: Record<string, string>
}

const group = (g: string, ids: string[]) => ids.map((id) => ({ id, group: g }))

export const builtInTaxonomy: Taxonomy = {
  categories: [
    ...group('verbal', ['catcalling', 'sexual-comments', 'insults', 'discriminatory-remarks']),
    ...group('non-verbal', ['staring-gestures', 'following', 'indecent-exposure', 'filming']),
    ...group('physical', ['blocking', 'groping', 'sexual-assault']),
    ...group('other', ['other']),
  ],
  categoryGroups: ['verbal', 'non-verbal', 'physical', 'other'],
  settings: ['street', 'public-transport', 'nightlife', 'park', 'school', 'shop', 'sports', 'other'],
  roles: ['victim', 'bystander'],
  ageBands: ['under-16', '16-17', '18-24', '25-34', '35-44', '45-64', '65+'],
  genders: ['woman', 'man', 'non-binary', 'other'],
  identityGroups: ['lgbti', 'disability', 'migrant', 'person-of-colour', 'religious', 'other'],
  heardVia: ['poster', 'social-media', 'school', 'nightlife-venue', 'public-transport', 'friend', 'news', 'police', 'other'],
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
  const ids = (kind: string, list: Labelled[]) => list.map((o) => { serverLabels[`${kind}.${o.id}`] = o.label; return o.id })
  for (const c of data.categories) serverLabels[`category.${c.id}.hint`] = c.description
  return {
    categories: data.categories.map((c) => { serverLabels[`category.${c.id}`] = c.label; return { id: c.id, group: c.group } }),
    categoryGroups: ids('group', data.categoryGroups),
    settings: ids('setting', data.settings),
    roles: ids('role', data.roles),
    ageBands: ids('age', data.ageBands),
    genders: ids('gender', data.genders),
    identityGroups: ids('identity', data.identityGroups),
    heardVia: ids('heard', data.heardVia),
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
