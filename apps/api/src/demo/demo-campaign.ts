// Registers the demo data's campaign in the campaign register, so the demo shows a campaign with a measurable lift.
import { addDays } from '@meldpunt/core'
import { schema, type Queryable } from '@meldpunt/db'
import { DEMO_CAMPAIGN, demoCampaignWindow, type DemoCampaign } from './generate.js'

/** A fixed id, so seeding twice (--force) keeps one row and links to the demo campaign stay valid. */
export const DEMO_CAMPAIGN_ID = '5eed0000-0000-4000-a000-000000000005'

export async function registerDemoCampaign(tx: Queryable, until: Date, c: DemoCampaign = DEMO_CAMPAIGN): Promise<void> {
  const window = demoCampaignWindow(until, c)
  const startsOn = window.start.toISOString().slice(0, 10)
  await tx.orm
    .insert(schema.campaigns)
    .values({
      municipalityCode: c.municipalityCode,
      id: DEMO_CAMPAIGN_ID,
      code: c.code,
      name: c.name,
      startsOn,
      endsOn: addDays(startsOn, c.days - 1),
      lagDays: c.lagDays,
      channels: ['poster', 'social-media'],
      targetGroups: ['everyone', 'nightlife-visitors'],
      notes: 'Synthetic campaign of the demo data: reports rise about 1.9× while it runs.',
      createdByEmail: 'demo data',
    })
    .onConflictDoNothing()
}
