// The report taxonomy as data: categories, settings, roles and demographic bands, labelled in Dutch and English.

export const LANGS = ['nl', 'en'] as const
export type Lang = (typeof LANGS)[number]

/** A text in every language the product speaks. */
export type Localized = Record<Lang, string>

export type Option<Id extends string> = { id: Id, label: Localized }

export const CATEGORY_GROUP_IDS = ['verbal', 'non-verbal', 'physical', 'other'] as const
export type CategoryGroupId = (typeof CATEGORY_GROUP_IDS)[number]

export const CATEGORY_IDS = [
  'catcalling',
  'sexual-comments',
  'insults',
  'discriminatory-remarks',
  'staring-gestures',
  'following',
  'indecent-exposure',
  'filming',
  'blocking',
  'groping',
  'sexual-assault',
  'other',
] as const
export type CategoryId = (typeof CATEGORY_IDS)[number]

export type Category = {
  id: CategoryId
  group: CategoryGroupId
  label: Localized
  description: Localized
  /** Sexual in nature: counts towards sexual intimidation in analyses (art. 429ter Sr covers catcalling too). */
  sexual: boolean
  /** Physical sexual contact: the reporter is referred to Centrum Seksueel Geweld. */
  sexualViolence: boolean
  /** Aimed at who someone is: the reporter is referred to the anti-discrimination service. */
  discriminatory: boolean
}

export const categoryGroups: Option<CategoryGroupId>[] = [
  { id: 'verbal', label: { nl: 'Met woorden', en: 'Words' } },
  { id: 'non-verbal', label: { nl: 'Zonder woorden', en: 'Without words' } },
  { id: 'physical', label: { nl: 'Lichamelijk', en: 'Physical' } },
  { id: 'other', label: { nl: 'Iets anders', en: 'Something else' } },
]

export const categories: Category[] = [
  {
    id: 'catcalling',
    group: 'verbal',
    label: { nl: 'Nafluiten of naroepen', en: 'Catcalling' },
    description: {
      nl: 'Iemand floot, siste of riep je iets na.',
      en: 'Someone whistled, hissed or called out at you.',
    },
    sexual: true,
    sexualViolence: false,
    discriminatory: false,
  },
  {
    id: 'sexual-comments',
    group: 'verbal',
    label: { nl: 'Seksuele opmerkingen', en: 'Sexual comments' },
    description: {
      nl: 'Iemand maakte seksuele opmerkingen of voorstellen.',
      en: 'Someone made sexual remarks or propositions.',
    },
    sexual: true,
    sexualViolence: false,
    discriminatory: false,
  },
  {
    id: 'insults',
    group: 'verbal',
    label: { nl: 'Uitschelden of beledigen', en: 'Insults' },
    description: {
      nl: 'Iemand schold je uit, beledigde of bedreigde je.',
      en: 'Someone called you names, insulted or threatened you.',
    },
    sexual: false,
    sexualViolence: false,
    discriminatory: false,
  },
  {
    id: 'discriminatory-remarks',
    group: 'verbal',
    label: { nl: 'Discriminerende opmerkingen', en: 'Discriminatory remarks' },
    description: {
      nl: 'Iemand zei iets over je afkomst, huidskleur, geloof, geaardheid, gender of beperking.',
      en: 'Someone said something about your origin, skin colour, religion, sexuality, gender or disability.',
    },
    sexual: false,
    sexualViolence: false,
    discriminatory: true,
  },
  {
    id: 'staring-gestures',
    group: 'non-verbal',
    label: { nl: 'Staren of gebaren', en: 'Staring or gestures' },
    description: {
      nl: 'Iemand bleef je aanstaren of maakte gebaren naar je.',
      en: 'Someone kept staring at you or made gestures at you.',
    },
    sexual: false,
    sexualViolence: false,
    discriminatory: false,
  },
  {
    id: 'following',
    group: 'non-verbal',
    label: { nl: 'Achtervolgen', en: 'Following' },
    description: {
      nl: 'Iemand liep, fietste of reed je achterna.',
      en: 'Someone followed you on foot, by bike or by car.',
    },
    sexual: false,
    sexualViolence: false,
    discriminatory: false,
  },
  {
    id: 'indecent-exposure',
    group: 'non-verbal',
    label: { nl: 'Potloodventen', en: 'Indecent exposure' },
    description: {
      nl: 'Iemand liet zijn geslachtsdelen zien of masturbeerde waar je bij was.',
      en: 'Someone showed their genitals or masturbated in front of you.',
    },
    sexual: true,
    sexualViolence: false,
    discriminatory: false,
  },
  {
    id: 'filming',
    group: 'non-verbal',
    label: { nl: 'Stiekem filmen of fotograferen', en: 'Filming or photographing' },
    description: {
      nl: 'Iemand filmde of fotografeerde je zonder toestemming, bijvoorbeeld onder je rok.',
      en: 'Someone filmed or photographed you without consent, for example under your skirt.',
    },
    sexual: true,
    sexualViolence: false,
    discriminatory: false,
  },
  {
    id: 'blocking',
    group: 'physical',
    label: { nl: 'De weg versperren', en: 'Blocking your way' },
    description: {
      nl: 'Iemand hield je tegen, kwam te dichtbij of liet je er niet langs.',
      en: 'Someone stopped you, came too close or would not let you pass.',
    },
    sexual: false,
    sexualViolence: false,
    discriminatory: false,
  },
  {
    id: 'groping',
    group: 'physical',
    label: { nl: 'Aanraken of betasten', en: 'Touching or groping' },
    description: {
      nl: 'Iemand raakte je aan of betastte je zonder dat je dat wilde.',
      en: 'Someone touched or groped you without your consent.',
    },
    sexual: true,
    sexualViolence: true,
    discriminatory: false,
  },
  {
    id: 'sexual-assault',
    group: 'physical',
    label: { nl: 'Aanranding of verkrachting', en: 'Sexual assault or rape' },
    description: {
      nl: 'Iemand dwong je tot seksuele handelingen of seks.',
      en: 'Someone forced you into sexual acts or sex.',
    },
    sexual: true,
    sexualViolence: true,
    discriminatory: false,
  },
  {
    id: 'other',
    group: 'other',
    label: { nl: 'Iets anders', en: 'Something else' },
    description: {
      nl: 'Iets anders dat je onveilig liet voelen; je kunt het hieronder beschrijven.',
      en: 'Something else that made you feel unsafe; you can describe it below.',
    },
    sexual: false,
    sexualViolence: false,
    discriminatory: false,
  },
]

export const SETTING_IDS = ['street', 'public-transport', 'nightlife', 'park', 'school', 'shop', 'sports', 'other'] as const
export type SettingId = (typeof SETTING_IDS)[number]

export const settings: Option<SettingId>[] = [
  { id: 'street', label: { nl: 'Op straat', en: 'In the street' } },
  { id: 'public-transport', label: { nl: 'In het ov of bij een halte of station', en: 'On public transport or at a stop or station' } },
  { id: 'nightlife', label: { nl: 'Bij het uitgaan (café, club, festival)', en: 'Going out (bar, club, festival)' } },
  { id: 'park', label: { nl: 'In een park of op een plein', en: 'In a park or square' } },
  { id: 'school', label: { nl: 'Bij school of op de campus', en: 'At or near school or campus' } },
  { id: 'shop', label: { nl: 'In of bij een winkel', en: 'In or near a shop' } },
  { id: 'sports', label: { nl: 'Bij sport', en: 'At sports' } },
  { id: 'other', label: { nl: 'Ergens anders', en: 'Somewhere else' } },
]

export const ROLE_IDS = ['victim', 'bystander'] as const
export type RoleId = (typeof ROLE_IDS)[number]

export const roles: Option<RoleId>[] = [
  { id: 'victim', label: { nl: 'Het overkwam mij', en: 'It happened to me' } },
  { id: 'bystander', label: { nl: 'Ik zag het gebeuren', en: 'I saw it happen' } },
]

export const AGE_BANDS = ['under-16', '16-17', '18-24', '25-34', '35-44', '45-64', '65+'] as const
export type AgeBand = (typeof AGE_BANDS)[number]

export const ageBands: Option<AgeBand>[] = [
  { id: 'under-16', label: { nl: 'Jonger dan 16', en: 'Under 16' } },
  { id: '16-17', label: { nl: '16 of 17', en: '16 or 17' } },
  { id: '18-24', label: { nl: '18 tot 25', en: '18 to 24' } },
  { id: '25-34', label: { nl: '25 tot 35', en: '25 to 34' } },
  { id: '35-44', label: { nl: '35 tot 45', en: '35 to 44' } },
  { id: '45-64', label: { nl: '45 tot 65', en: '45 to 64' } },
  { id: '65+', label: { nl: '65 of ouder', en: '65 or older' } },
]

// No 'prefer-not-to-say': every "about" field is optional, and leaving it out is how someone declines.
export const GENDER_IDS = ['woman', 'man', 'non-binary', 'other'] as const
export type GenderId = (typeof GENDER_IDS)[number]

export const genders: Option<GenderId>[] = [
  { id: 'woman', label: { nl: 'Vrouw', en: 'Woman' } },
  { id: 'man', label: { nl: 'Man', en: 'Man' } },
  { id: 'non-binary', label: { nl: 'Non-binair', en: 'Non-binary' } },
  { id: 'other', label: { nl: 'Anders', en: 'Other' } },
]

export const IDENTITY_GROUP_IDS = ['lgbti', 'disability', 'migrant', 'person-of-colour', 'religious', 'other'] as const
export type IdentityGroupId = (typeof IDENTITY_GROUP_IDS)[number]

export const identityGroups: Option<IdentityGroupId>[] = [
  { id: 'lgbti', label: { nl: 'LHBTI+', en: 'LGBTI+' } },
  { id: 'disability', label: { nl: 'Met een beperking', en: 'With a disability' } },
  { id: 'migrant', label: { nl: 'Migrant of nieuwkomer', en: 'Migrant or newcomer' } },
  { id: 'person-of-colour', label: { nl: 'Persoon van kleur', en: 'Person of colour' } },
  { id: 'religious', label: { nl: 'Zichtbaar gelovig (bijvoorbeeld hoofddoek of keppel)', en: 'Visibly religious (for example headscarf or kippah)' } },
  { id: 'other', label: { nl: 'Een andere groep', en: 'Another group' } },
]

export const HEARD_VIA_IDS = [
  'poster',
  'social-media',
  'school',
  'nightlife-venue',
  'public-transport',
  'friend',
  'news',
  'police',
  'other',
] as const
export type HeardViaId = (typeof HEARD_VIA_IDS)[number]

export const heardVia: Option<HeardViaId>[] = [
  { id: 'poster', label: { nl: 'Poster of flyer', en: 'Poster or flyer' } },
  { id: 'social-media', label: { nl: 'Sociale media', en: 'Social media' } },
  { id: 'school', label: { nl: 'School, studie of werk', en: 'School, college or work' } },
  { id: 'nightlife-venue', label: { nl: 'Café, club of festival', en: 'Bar, club or festival' } },
  { id: 'public-transport', label: { nl: 'In het ov', en: 'On public transport' } },
  { id: 'friend', label: { nl: 'Via iemand die ik ken', en: 'From someone I know' } },
  { id: 'news', label: { nl: 'Nieuws, krant of radio', en: 'News, paper or radio' } },
  { id: 'police', label: { nl: 'Politie of boa', en: 'Police or enforcement officer' } },
  { id: 'other', label: { nl: 'Ergens anders', en: 'Somewhere else' } },
]

export const PRECISION_IDS = ['exact', 'approximate', 'area'] as const
export type PrecisionId = (typeof PRECISION_IDS)[number]

export const precisions: Option<PrecisionId>[] = [
  { id: 'exact', label: { nl: 'Precies hier', en: 'Exactly here' } },
  { id: 'approximate', label: { nl: 'Ongeveer hier', en: 'Roughly here' } },
  { id: 'area', label: { nl: 'Ergens in deze buurt', en: 'Somewhere in this area' } },
]

const categoriesById: ReadonlyMap<string, Category> = new Map(categories.map((c) => [c.id, c]))

/** The category with this id, or undefined for an id outside the taxonomy. */
export function findCategory(id: string): Category | undefined {
  return categoriesById.get(id)
}

export type LocalizedOption<Id extends string = string> = { id: Id, label: string }

export type LocalizedTaxonomy = {
  categories: { id: CategoryId, group: CategoryGroupId, label: string, description: string }[]
  categoryGroups: LocalizedOption<CategoryGroupId>[]
  settings: LocalizedOption<SettingId>[]
  roles: LocalizedOption<RoleId>[]
  ageBands: LocalizedOption<AgeBand>[]
  genders: LocalizedOption<GenderId>[]
  identityGroups: LocalizedOption<IdentityGroupId>[]
  heardVia: LocalizedOption<HeardViaId>[]
  precisions: LocalizedOption<PrecisionId>[]
}

function localizeOptions<Id extends string>(options: Option<Id>[], lang: Lang): LocalizedOption<Id>[] {
  return options.map((o) => ({ id: o.id, label: o.label[lang] }))
}

/** The whole taxonomy as plain JSON with every label in one language, for the report form. */
export function localizeTaxonomy(lang: Lang): LocalizedTaxonomy {
  return {
    categories: categories.map((c) => ({
      id: c.id,
      group: c.group,
      label: c.label[lang],
      description: c.description[lang],
    })),
    categoryGroups: localizeOptions(categoryGroups, lang),
    settings: localizeOptions(settings, lang),
    roles: localizeOptions(roles, lang),
    ageBands: localizeOptions(ageBands, lang),
    genders: localizeOptions(genders, lang),
    identityGroups: localizeOptions(identityGroups, lang),
    heardVia: localizeOptions(heardVia, lang),
    precisions: localizeOptions(precisions, lang),
  }
}
