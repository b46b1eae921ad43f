import { describe, expect, it } from 'vitest'
import { buildReferrals, nationalHelpServices } from '@meldpunt/core'
import { OFFLINE_SERVICES, offlineHelpIds } from './help.js'

describe('offline help', () => {
  it('puts 112 first when in danger and CSG before Slachtofferhulp after groping, like the API', () => {
    expect(offlineHelpIds('groping', true)).toEqual(['emergency-112', 'csg', 'slachtofferhulp', 'police-aangifte'])
    expect(offlineHelpIds('catcalling', false)).toEqual(['slachtofferhulp', 'police-aangifte'])
    const api = buildReferrals({ category: 'groping', urgent: true, lang: 'en' }).map((e) => e.id)
    const local = offlineHelpIds('groping', true)
    expect(api.filter((id) => local.includes(id))).toEqual(local)
  })
  it('uses the API’s national phone numbers and sites', () => {
    for (const [id, local] of Object.entries(OFFLINE_SERVICES)) {
      const api = nationalHelpServices.find((s) => s.id === id)
      expect(api, id).toBeDefined()
      expect({ phone: local.phone, tel: local.tel, url: local.url, urgency: local.urgency })
        .toEqual({ phone: api?.phone, tel: api?.tel, url: api?.url, urgency: api?.urgency })
    }
  })
})
