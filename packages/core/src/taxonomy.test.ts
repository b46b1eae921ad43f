import { describe, expect, it } from 'vitest'
import {
  AGE_BANDS,
  CATEGORY_GROUP_IDS,
  CATEGORY_IDS,
  GENDER_IDS,
  HEARD_VIA_IDS,
  IDENTITY_GROUP_IDS,
  LANGUAGES,
  PRECISION_IDS,
  ROLE_IDS,
  SETTING_IDS,
  ageBands,
  categories,
  categoryGroups,
  findCategory,
  genders,
  heardVia,
  identityGroups,
  localizeTaxonomy,
  precisions,
  roles,
  settings,
  taxonomyLabel,
} from './taxonomy.js'
import type { Label } from './taxonomy.js'

const lists = [
  ['categories', CATEGORY_IDS, categories],
  ['categoryGroups', CATEGORY_GROUP_IDS, categoryGroups],
  ['settings', SETTING_IDS, settings],
  ['roles', ROLE_IDS, roles],
  ['ageBands', AGE_BANDS, ageBands],
  ['genders', GENDER_IDS, genders],
  ['identityGroups', IDENTITY_GROUP_IDS, identityGroups],
  ['heardVia', HEARD_VIA_IDS, heardVia],
  ['precisions', PRECISION_IDS, precisions],
] as const

function expectFilled(text: Label) {
  for (const lang of LANGUAGES) expect(text[lang].trim()).not.toBe('')
}

describe('taxonomy', () => {
  it.each(lists)('%s: one entry per id, in order, unique, labelled in every language', (_, ids, entries) => {
    expect(entries.map((e) => e.id)).toEqual([...ids])
    expect(new Set(ids).size).toBe(ids.length)
    for (const e of entries) expectFilled(e.label)
  })

  it('ids are kebab-case (or an age band)', () => {
    for (const [, ids] of lists) for (const id of ids) expect(id).toMatch(/^(?:[a-z0-9]+(?:-[a-z0-9]+)*|65\+)$/)
  })

  it('every category has a one-line description in every language and a known group', () => {
    for (const c of categories) {
      expectFilled(c.description)
      for (const lang of LANGUAGES) expect(c.description[lang]).not.toContain('\n')
      expect(CATEGORY_GROUP_IDS).toContain(c.group)
    }
  })

  it('every group has at least one category', () => {
    for (const g of CATEGORY_GROUP_IDS) expect(categories.some((c) => c.group === g)).toBe(true)
  })

  it('flags: sexual violence is groping and sexual assault, and always sexual', () => {
    expect(categories.filter((c) => c.sexualViolence).map((c) => c.id)).toEqual(['groping', 'sexual-assault'])
    expect(categories.filter((c) => c.sexual).map((c) => c.id)).toEqual([
      'catcalling', 'sexual-comments', 'indecent-exposure', 'filming', 'groping', 'sexual-assault',
    ])
    expect(categories.filter((c) => c.discriminatory).map((c) => c.id)).toEqual(['discriminatory-remarks'])
  })

  it('groups the categories as agreed', () => {
    const byGroup = Object.fromEntries(CATEGORY_GROUP_IDS.map((g) => [g, categories.filter((c) => c.group === g).map((c) => c.id)]))
    expect(byGroup).toEqual({
      verbal: ['catcalling', 'sexual-comments', 'insults', 'discriminatory-remarks'],
      'non-verbal': ['staring-gestures', 'following', 'indecent-exposure', 'filming'],
      physical: ['blocking', 'groping', 'sexual-assault'],
      other: ['other'],
    })
  })

  it('findCategory', () => {
    expect(findCategory('groping')?.sexualViolence).toBe(true)
    expect(findCategory('nope')).toBeUndefined()
  })

  it('taxonomyLabel finds a label by kind, id and language', () => {
    expect(taxonomyLabel('categoryGroups', 'verbal', 'en')).toBe('With words')
    expect(taxonomyLabel('categoryGroups', 'verbal', 'nl')).toBe('Met woorden')
    expect(taxonomyLabel('categories', 'groping', 'pl')).toBe(categories.find((c) => c.id === 'groping')?.label.pl)
    expect(taxonomyLabel('settings', 'moon', 'en')).toBeUndefined()
  })

  it('localizeTaxonomy gives plain strings in one language', () => {
    const en = localizeTaxonomy('en')
    const nl = localizeTaxonomy('nl')
    expect(en.categories.find((c) => c.id === 'groping')).toEqual({
      id: 'groping',
      group: 'physical',
      label: 'Touching or groping',
      description: 'Someone touched or groped you without your consent.',
    })
    expect(nl.roles).toEqual([
      { id: 'victim', label: 'Het overkwam mij' },
      { id: 'bystander', label: 'Ik zag het iemand anders overkomen' },
    ])
    expect(Object.keys(en)).toEqual([
      'categories', 'categoryGroups', 'settings', 'roles', 'ageBands', 'genders', 'identityGroups', 'heardVia', 'precisions',
      'offenderCounts', 'offenderAges', 'offenderKnown',
    ])
    expect(nl.offenderAges.map((o) => o.label)).toEqual(['Jonger dan 18', '18 tot en met 30', 'Ouder dan 30', 'Weet ik niet'])
    expect(JSON.parse(JSON.stringify(nl))).toEqual(nl)
    expect(en.settings).toHaveLength(SETTING_IDS.length)
  })
})
