// The closed lists of the campaign and intervention register, labelled in Dutch and English.
import type { Localized } from '@meldpunt/core'
import type { CampaignChannel, InterventionKind, RegisterOptions, TargetGroup } from '@meldpunt/core/api'

export const channelLabels: Record<CampaignChannel, Localized> = {
  poster: { nl: 'Posters en flyers', en: 'Posters and flyers' },
  'social-media': { nl: 'Sociale media', en: 'Social media' },
  school: { nl: 'Scholen', en: 'Schools' },
  'nightlife-venue': { nl: 'Uitgaansgelegenheden', en: 'Nightlife venues' },
  'public-transport': { nl: 'Openbaar vervoer', en: 'Public transport' },
  other: { nl: 'Anders', en: 'Other' },
}

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
export function registerOptions(): RegisterOptions {
  return {
    channels: option(channelLabels),
    targetGroups: option(targetGroupLabels),
    interventionKinds: option(interventionKindLabels),
  }
}
