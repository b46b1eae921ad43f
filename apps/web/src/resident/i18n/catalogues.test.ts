import { describe, expect, it } from 'vitest'
import {
  AGE_BANDS, CATEGORY_GROUP_IDS, GENDER_IDS, HEARD_VIA_IDS, IDENTITY_GROUP_IDS, ROLE_IDS, SETTING_IDS,
  categories, nationalHelpServices,
} from '@meldpunt/core'
import { catalogueMismatches } from '../../shared/catalogue-parity.js'
import { en } from './en.js'
import { nl } from './nl.js'
import { ar } from './ar.js'
import { tr } from './tr.js'
import { pl } from './pl.js'
import { uk } from './uk.js'
import { translate } from './index.js'
import { builtInTaxonomy } from '../taxonomy.js'

const catalogues = { en, nl, ar, tr, pl, uk }

describe('message catalogues', () => {
  it('every language has every key, non-empty, with the same placeholders as English', () => {
    expect(catalogueMismatches(catalogues, en)).toEqual([])
  })

  it('restates no taxonomy label or field error text: core owns those', () => {
    const owned = /^(?:category|group|setting|role|age|gender|identity|heard|field)\./
    for (const key of Object.keys(en)) expect(key).not.toMatch(owned)
  })

  it('has a text for every national help service', () => {
    for (const service of nationalHelpServices) {
      expect(en).toHaveProperty([`help.service.${service.id}.name`])
      expect(en).toHaveProperty([`help.service.${service.id}.text`])
    }
  })

  it('built-in ids match the API taxonomy, so the first screen is right before it loads', () => {
    expect(builtInTaxonomy.categories).toEqual(categories.map((c) => ({ id: c.id, group: c.group })))
    expect(builtInTaxonomy.categoryGroups).toEqual([...CATEGORY_GROUP_IDS])
    expect(builtInTaxonomy.settings).toEqual([...SETTING_IDS])
    expect(builtInTaxonomy.roles).toEqual([...ROLE_IDS])
    expect(builtInTaxonomy.ageBands).toEqual([...AGE_BANDS])
    expect(builtInTaxonomy.genders).toEqual([...GENDER_IDS])
    expect(builtInTaxonomy.identityGroups).toEqual([...IDENTITY_GROUP_IDS])
    expect(builtInTaxonomy.heardVia).toEqual([...HEARD_VIA_IDS])
  })
})

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate('en', 'progress', { n: 2, total: 8 })).toBe('Step 2 of 8')
  })
})
