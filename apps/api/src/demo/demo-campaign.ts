// Registers the demo data's campaign in the campaign register, so the demo shows a campaign with a measurable lift.
import type { Queryable } from '@meldpunt/db'
import { addDays } from '../lib/calendar-days.js'
import { DEMO_CAMPAIGN, demoCampaignWindow, type DemoCampaign } from './generate.js'

/** A fixed id, so seeding twice (--force) keeps one row and links to the demo campaign stay valid. */
export const DEMO_CAMPAIGN_ID = '5eed0000-0000-4000-a000-000000000005'

export async function registerDemoCampaign(tx: Queryable, until: Date, c: DemoCampaign = DEMO_CAMPAIGN): Promise<void> {
  const window = demoCampaignWindow(until, c)
  const startsOn = window.start.toISOString().slice(0, 10)
  await tx.query(
    `insert into campaigns (municipality_code, id, code, name, starts_on, ends_on, lag_days, channels, target_groups, notes, created_by_email)
     values ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9::text[], $10, 'demo data')
     on conflict do nothing`,
    [c.municipalityCode, DEMO_CAMPAIGN_ID, c.code, c.name, startsOn, addDays(startsOn, c.days - 1), c.lagDays,
      ['poster', 'social-media'], ['everyone', 'nightlife-visitors'], 'Synthetic campaign of the demo data: reports rise about 1.9× while it runs.'],
  )
}
