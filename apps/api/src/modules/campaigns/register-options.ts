// The closed lists of the campaign and intervention register, labelled in Dutch and English.
import type { HeardViaId, Localized } from '@meldpunt/core'

/**
 * A campaign's channels are the "heard via" answers a report can give, so the share of reports that name
 * a campaign's channel is a plain match on reports.heard_via.
 */
export const CAMPAIGN_CHANNELS = ['poster', 'social-media', 'school', 'nightlife-venue', 'public-transport', 'other'] as const satisfies readonly HeardViaId[]
export type CampaignChannel = (typeof CAMPAIGN_CHANNELS)[number]

export const channelLabels: Record<CampaignChannel, Localized> = {
  poster: { nl: 'Posters en flyers', en: 'Posters and flyers' },
  'social-media': { nl: 'Sociale media', en: 'Social media' },
  school: { nl: 'Scholen', en: 'Schools' },
  'nightlife-venue': { nl: 'Uitgaansgelegenheden', en: 'Nightlife venues' },
  'public-transport': { nl: 'Openbaar vervoer', en: 'Public transport' },
  other: { nl: 'Anders', en: 'Other' },
}

export const TARGET_GROUPS = [
  'everyone',
  'women-and-girls',
  'young-people',
  'students',
  'nightlife-visitors',
  'public-transport-users',
  'bystanders',
  'lgbti',
  'disability',
  'migrant',
  'person-of-colour',
  'religious',
  'other',
] as const
export type TargetGroup = (typeof TARGET_GROUPS)[number]

export const targetGroupLabels: Record<TargetGroup, Localized> = {
  everyone: { nl: 'Iedereen', en: 'Everyone' },
  'women-and-girls': { nl: 'Vrouwen en meisjes', en: 'Women and girls' },
  'young-people': { nl: 'Jongeren', en: 'Young people' },
  students: { nl: 'Scholieren en studenten', en: 'Pupils and students' },
  'nightlife-visitors': { nl: 'Uitgaanspubliek', en: 'Nightlife visitors' },
  'public-transport-users': { nl: 'Reizigers in het ov', en: 'Public transport users' },
  bystanders: { nl: 'Omstanders', en: 'Bystanders' },
  lgbti: { nl: 'LHBTI+', en: 'LGBTI+' },
  disability: { nl: 'Mensen met een beperking', en: 'People with a disability' },
  migrant: { nl: 'Migranten en nieuwkomers', en: 'Migrants and newcomers' },
  'person-of-colour': { nl: 'Mensen van kleur', en: 'People of colour' },
  religious: { nl: 'Zichtbaar gelovigen', en: 'Visibly religious people' },
  other: { nl: 'Een andere groep', en: 'Another group' },
}

export const INTERVENTION_KINDS = ['lighting', 'cameras', 'hosts', 'redesign', 'enforcement', 'other'] as const
export type InterventionKind = (typeof INTERVENTION_KINDS)[number]

export const interventionKindLabels: Record<InterventionKind, Localized> = {
  lighting: { nl: 'Verlichting', en: 'Lighting' },
  cameras: { nl: 'Camera’s', en: 'Cameras' },
  hosts: { nl: 'Gastheren en -vrouwen in het uitgaansgebied', en: 'Hosts in the nightlife area' },
  redesign: { nl: 'Herinrichting van de plek', en: 'Redesign of the place' },
  enforcement: { nl: 'Handhaving', en: 'Enforcement' },
  other: { nl: 'Anders', en: 'Other' },
}

const option = <Id extends string>(labels: Record<Id, Localized>) => (Object.keys(labels) as Id[]).map((id) => ({ id, label: labels[id] }))

/** Everything a register form needs to offer, in both languages. */
export function registerOptions() {
  return {
    channels: option(channelLabels),
    targetGroups: option(targetGroupLabels),
    interventionKinds: option(interventionKindLabels),
  }
}
