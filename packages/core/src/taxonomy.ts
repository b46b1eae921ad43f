// The report taxonomy as data: categories, settings, roles and demographic bands, labelled in every language residents can choose.

/** Languages of the API's own texts (problem messages, help entries, staff labels). */
export const LANGS = ['nl', 'en'] as const
export type Lang = (typeof LANGS)[number]

/** A text in every language the API speaks. */
export type Localized = Record<Lang, string>

/** Languages the resident app offers; taxonomy labels and field error texts exist in each, so no app restates them. */
export const LANGUAGES = ['nl', 'en', 'ar', 'tr', 'pl', 'uk'] as const
export type Language = (typeof LANGUAGES)[number]

/** A label in every language residents can choose. */
export type Label = Record<Language, string>

export type Option<Id extends string> = { id: Id, label: Label }

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
  label: Label
  description: Label
  /** Sexual in nature: counts towards sexual intimidation in analyses (art. 429ter Sr covers catcalling too). */
  sexual: boolean
  /** Physical sexual contact: the reporter is referred to Centrum Seksueel Geweld. */
  sexualViolence: boolean
  /** Aimed at who someone is: the reporter is referred to the anti-discrimination service. */
  discriminatory: boolean
}

/** The 'other' group holds only the 'other' category, and both read the same. */
const somethingElse: Label = {
  nl: 'Iets anders',
  en: 'Something else',
  ar: 'شيء آخر',
  tr: 'Başka bir şey',
  pl: 'Coś innego',
  uk: 'Щось інше',
}

export const categoryGroups: Option<CategoryGroupId>[] = [
  {
    id: 'verbal',
    label: {
      nl: 'Met woorden',
      en: 'With words',
      ar: 'بالكلام',
      tr: 'Sözlü',
      pl: 'Słowami',
      uk: 'Словами',
    },
  },
  {
    id: 'non-verbal',
    label: {
      nl: 'Zonder woorden',
      en: 'Without words',
      ar: 'بدون كلام',
      tr: 'Sözsüz',
      pl: 'Bez słów',
      uk: 'Без слів',
    },
  },
  {
    id: 'physical',
    label: {
      nl: 'Lichamelijk',
      en: 'Physical',
      ar: 'جسدي',
      tr: 'Fiziksel',
      pl: 'Fizycznie',
      uk: 'Фізично',
    },
  },
  {
    id: 'other',
    label: somethingElse,
  },
]

export const categories: Category[] = [
  {
    id: 'catcalling',
    group: 'verbal',
    label: {
      nl: 'Nafluiten of naroepen',
      en: 'Catcalling',
      ar: 'التصفير أو المعاكسة بالكلام',
      tr: 'Laf atma veya ıslık çalma',
      pl: 'Zaczepki i gwizdy',
      uk: 'Свист або вигуки услід',
    },
    description: {
      nl: 'Iemand floot, siste of riep je iets na.',
      en: 'Someone whistled, hissed or called out at you.',
      ar: 'صفّر أحدهم أو أصدر أصواتًا أو نادى عليك.',
      tr: 'Biri sana ıslık çaldı, tısladı veya arkandan seslendi.',
      pl: 'Ktoś gwizdał, syczał lub wołał za Tobą.',
      uk: 'Хтось свистів, шипів або щось вигукував вам услід.',
    },
    sexual: true,
    sexualViolence: false,
    discriminatory: false,
  },
  {
    id: 'sexual-comments',
    group: 'verbal',
    label: {
      nl: 'Seksuele opmerkingen',
      en: 'Sexual comments',
      ar: 'تعليقات جنسية',
      tr: 'Cinsel yorumlar',
      pl: 'Komentarze o charakterze seksualnym',
      uk: 'Сексуальні коментарі',
    },
    description: {
      nl: 'Iemand maakte seksuele opmerkingen of voorstellen.',
      en: 'Someone made sexual remarks or propositions.',
      ar: 'أدلى أحدهم بتعليقات أو عروض جنسية.',
      tr: 'Biri cinsel yorumlar yaptı veya teklifte bulundu.',
      pl: 'Ktoś robił uwagi lub propozycje o charakterze seksualnym.',
      uk: 'Хтось робив сексуальні зауваження або пропозиції.',
    },
    sexual: true,
    sexualViolence: false,
    discriminatory: false,
  },
  {
    id: 'insults',
    group: 'verbal',
    label: {
      nl: 'Uitschelden of beledigen',
      en: 'Insults',
      ar: 'الشتم أو الإهانة',
      tr: 'Hakaret veya küfür',
      pl: 'Wyzwiska lub obelgi',
      uk: 'Образи або лайка',
    },
    description: {
      nl: 'Iemand schold je uit, beledigde of bedreigde je.',
      en: 'Someone called you names, insulted or threatened you.',
      ar: 'شتمك أحدهم أو أهانك أو هدّدك.',
      tr: 'Biri sana küfretti, hakaret etti veya seni tehdit etti.',
      pl: 'Ktoś Cię wyzywał, obrażał lub Ci groził.',
      uk: 'Хтось вас лаяв, ображав або погрожував вам.',
    },
    sexual: false,
    sexualViolence: false,
    discriminatory: false,
  },
  {
    id: 'discriminatory-remarks',
    group: 'verbal',
    label: {
      nl: 'Discriminerende opmerkingen',
      en: 'Discriminatory remarks',
      ar: 'تعليقات تمييزية',
      tr: 'Ayrımcı sözler',
      pl: 'Dyskryminujące uwagi',
      uk: 'Дискримінаційні висловлювання',
    },
    description: {
      nl: 'Iemand zei iets over je afkomst, huidskleur, geloof, geaardheid, gender of beperking.',
      en: 'Someone said something about your origin, skin colour, religion, sexuality, gender or disability.',
      ar: 'قال أحدهم شيئًا عن أصلك أو لون بشرتك أو دينك أو ميولك الجنسية أو جندرك أو إعاقتك.',
      tr: 'Biri kökenin, ten rengin, dinin, cinsel yönelimin, cinsiyet kimliğin veya engelin hakkında bir şey söyledi.',
      pl: 'Ktoś powiedział coś o Twoim pochodzeniu, kolorze skóry, religii, orientacji, płci lub niepełnosprawności.',
      uk: 'Хтось сказав щось про ваше походження, колір шкіри, релігію, сексуальну орієнтацію, гендер або інвалідність.',
    },
    sexual: false,
    sexualViolence: false,
    discriminatory: true,
  },
  {
    id: 'staring-gestures',
    group: 'non-verbal',
    label: {
      nl: 'Staren of gebaren',
      en: 'Staring or gestures',
      ar: 'التحديق أو الإيماءات',
      tr: 'Dik dik bakma veya el hareketleri',
      pl: 'Gapienie się lub gesty',
      uk: 'Пильні погляди або жести',
    },
    description: {
      nl: 'Iemand bleef je aanstaren of maakte gebaren naar je.',
      en: 'Someone kept staring at you or made gestures at you.',
      ar: 'ظلّ أحدهم يحدّق فيك أو قام بإيماءات تجاهك.',
      tr: 'Biri sana sürekli dik dik baktı veya sana hareketler yaptı.',
      pl: 'Ktoś uporczywie się na Ciebie gapił lub robił w Twoją stronę gesty.',
      uk: 'Хтось постійно витріщався на вас або робив жести у ваш бік.',
    },
    sexual: false,
    sexualViolence: false,
    discriminatory: false,
  },
  {
    id: 'following',
    group: 'non-verbal',
    label: {
      nl: 'Achtervolgen',
      en: 'Following',
      ar: 'الملاحقة',
      tr: 'Takip etme',
      pl: 'Śledzenie',
      uk: 'Переслідування',
    },
    description: {
      nl: 'Iemand liep, fietste of reed je achterna.',
      en: 'Someone followed you on foot, by bike or by car.',
      ar: 'تبعك أحدهم سيرًا على الأقدام أو بالدراجة أو بالسيارة.',
      tr: 'Biri seni yürüyerek, bisikletle veya arabayla takip etti.',
      pl: 'Ktoś szedł, jechał rowerem lub samochodem za Tobą.',
      uk: 'Хтось ішов, їхав на велосипеді чи автомобілі за вами.',
    },
    sexual: false,
    sexualViolence: false,
    discriminatory: false,
  },
  {
    id: 'indecent-exposure',
    group: 'non-verbal',
    label: {
      nl: 'Potloodventen',
      en: 'Indecent exposure',
      ar: 'التعرّي الفاضح',
      tr: 'Teşhircilik',
      pl: 'Obnażanie się',
      uk: 'Непристойне оголення',
    },
    description: {
      nl: 'Iemand liet zijn geslachtsdelen zien of masturbeerde waar je bij was.',
      en: 'Someone showed their genitals or masturbated in front of you.',
      ar: 'كشف أحدهم أعضاءه التناسلية أو مارس العادة السرية أمامك.',
      tr: 'Biri cinsel organlarını gösterdi veya senin önünde mastürbasyon yaptı.',
      pl: 'Ktoś pokazał swoje narządy płciowe lub masturbował się przy Tobie.',
      uk: 'Хтось показував свої статеві органи або мастурбував при вас.',
    },
    sexual: true,
    sexualViolence: false,
    discriminatory: false,
  },
  {
    id: 'filming',
    group: 'non-verbal',
    label: {
      nl: 'Stiekem filmen of fotograferen',
      en: 'Filming or photographing',
      ar: 'التصوير خلسة',
      tr: 'Gizlice video veya fotoğraf çekme',
      pl: 'Nagrywanie lub fotografowanie',
      uk: 'Зйомка або фотографування',
    },
    description: {
      nl: 'Iemand filmde of fotografeerde je zonder toestemming, bijvoorbeeld onder je rok.',
      en: 'Someone filmed or photographed you without consent, for example under your skirt.',
      ar: 'صوّرك أحدهم فيديو أو صورة دون موافقتك، مثلًا تحت تنورتك.',
      tr: 'Biri izin almadan seni filme aldı veya fotoğrafını çekti, örneğin eteğinin altından.',
      pl: 'Ktoś nagrywał lub fotografował Cię bez zgody, na przykład pod spódnicą.',
      uk: 'Хтось знімав або фотографував вас без згоди, наприклад під спідницею.',
    },
    sexual: true,
    sexualViolence: false,
    discriminatory: false,
  },
  {
    id: 'blocking',
    group: 'physical',
    label: {
      nl: 'De weg versperren',
      en: 'Blocking your way',
      ar: 'اعتراض طريقك',
      tr: 'Yolunu kesme',
      pl: 'Zastawianie drogi',
      uk: 'Перегороджування дороги',
    },
    description: {
      nl: 'Iemand hield je tegen, kwam te dichtbij of liet je er niet langs.',
      en: 'Someone stopped you, came too close or would not let you pass.',
      ar: 'أوقفك أحدهم أو اقترب منك كثيرًا أو لم يدعك تمرّ.',
      tr: 'Biri seni durdurdu, çok yaklaştı veya geçmene izin vermedi.',
      pl: 'Ktoś Cię zatrzymał, podszedł za blisko lub nie dawał Ci przejść.',
      uk: 'Хтось зупиняв вас, підходив надто близько або не давав пройти.',
    },
    sexual: false,
    sexualViolence: false,
    discriminatory: false,
  },
  {
    id: 'groping',
    group: 'physical',
    label: {
      nl: 'Aanraken of betasten',
      en: 'Touching or groping',
      ar: 'اللمس أو التحسّس',
      tr: 'Dokunma veya elleme',
      pl: 'Dotykanie lub obmacywanie',
      uk: 'Торкання або обмацування',
    },
    description: {
      nl: 'Iemand raakte je aan of betastte je zonder dat je dat wilde.',
      en: 'Someone touched or groped you without your consent.',
      ar: 'لمسك أحدهم أو تحسّسك دون رغبتك.',
      tr: 'Biri sen istemeden sana dokundu veya seni elledi.',
      pl: 'Ktoś dotykał Cię lub obmacywał bez Twojej zgody.',
      uk: 'Хтось торкався вас або обмацував без вашої згоди.',
    },
    sexual: true,
    sexualViolence: true,
    discriminatory: false,
  },
  {
    id: 'sexual-assault',
    group: 'physical',
    label: {
      nl: 'Aanranding of verkrachting',
      en: 'Sexual assault or rape',
      ar: 'اعتداء جنسي أو اغتصاب',
      tr: 'Cinsel saldırı veya tecavüz',
      pl: 'Napaść seksualna lub gwałt',
      uk: 'Сексуальне насильство або зґвалтування',
    },
    description: {
      nl: 'Iemand dwong je tot seksuele handelingen of seks.',
      en: 'Someone forced you into sexual acts or sex.',
      ar: 'أجبرك أحدهم على أفعال جنسية أو على الجنس.',
      tr: 'Biri seni cinsel eylemlere veya cinsel ilişkiye zorladı.',
      pl: 'Ktoś zmusił Cię do czynności seksualnych lub seksu.',
      uk: 'Хтось змусив вас до сексуальних дій або сексу.',
    },
    sexual: true,
    sexualViolence: true,
    discriminatory: false,
  },
  {
    id: 'other',
    group: 'other',
    label: somethingElse,
    description: {
      nl: 'Iets anders waardoor je je onveilig voelde; je kunt het straks beschrijven.',
      en: 'Something else that made you feel unsafe; you can describe it later.',
      ar: 'شيء آخر جعلك تشعر بعدم الأمان؛ يمكنك وصفه لاحقًا.',
      tr: 'Kendini güvensiz hissettiren başka bir şey; bunu daha sonra anlatabilirsin.',
      pl: 'Coś innego, co wywołało poczucie zagrożenia; możesz to później opisać.',
      uk: 'Щось інше, через що ви почувалися в небезпеці; ви зможете описати це пізніше.',
    },
    sexual: false,
    sexualViolence: false,
    discriminatory: false,
  },
]

export const SETTING_IDS = ['street', 'public-transport', 'nightlife', 'park', 'school', 'shop', 'sports', 'other'] as const
export type SettingId = (typeof SETTING_IDS)[number]

export const settings: Option<SettingId>[] = [
  {
    id: 'street',
    label: {
      nl: 'Op straat',
      en: 'In the street',
      ar: 'في الشارع',
      tr: 'Sokakta',
      pl: 'Na ulicy',
      uk: 'На вулиці',
    },
  },
  {
    id: 'public-transport',
    label: {
      nl: 'In het ov of bij een halte of station',
      en: 'On public transport or at a stop or station',
      ar: 'في المواصلات العامة أو عند موقف أو محطة',
      tr: 'Toplu taşımada veya bir durakta ya da istasyonda',
      pl: 'W komunikacji publicznej, na przystanku lub dworcu',
      uk: 'У громадському транспорті, на зупинці чи станції',
    },
  },
  {
    id: 'nightlife',
    label: {
      nl: 'Bij het uitgaan (café, club, festival)',
      en: 'Going out (bar, club, festival)',
      ar: 'أثناء السهر (مقهى، نادٍ ليلي، مهرجان)',
      tr: 'Eğlence mekânında (bar, kulüp, festival)',
      pl: 'Podczas wyjścia (bar, klub, festiwal)',
      uk: 'Під час відпочинку (бар, клуб, фестиваль)',
    },
  },
  {
    id: 'park',
    label: {
      nl: 'In een park of op een plein',
      en: 'In a park or square',
      ar: 'في حديقة أو ساحة',
      tr: 'Bir parkta veya meydanda',
      pl: 'W parku lub na placu',
      uk: 'У парку чи на площі',
    },
  },
  {
    id: 'school',
    label: {
      nl: 'Bij school of op de campus',
      en: 'At or near school or campus',
      ar: 'في المدرسة أو الحرم الجامعي أو بالقرب منهما',
      tr: 'Okulda, kampüste veya yakınında',
      pl: 'W szkole, na kampusie lub w pobliżu',
      uk: 'У школі, на кампусі чи поблизу',
    },
  },
  {
    id: 'shop',
    label: {
      nl: 'In of bij een winkel',
      en: 'In or near a shop',
      ar: 'في متجر أو بالقرب منه',
      tr: 'Bir dükkânda veya yakınında',
      pl: 'W sklepie lub w jego pobliżu',
      uk: 'У магазині чи поблизу',
    },
  },
  {
    id: 'sports',
    label: {
      nl: 'Bij sport',
      en: 'At sports',
      ar: 'أثناء ممارسة الرياضة',
      tr: 'Spor yaparken',
      pl: 'Podczas uprawiania sportu',
      uk: 'Під час занять спортом',
    },
  },
  {
    id: 'other',
    label: {
      nl: 'Ergens anders',
      en: 'Somewhere else',
      ar: 'في مكان آخر',
      tr: 'Başka bir yerde',
      pl: 'Gdzie indziej',
      uk: 'Деінде',
    },
  },
]

export const ROLE_IDS = ['victim', 'bystander'] as const
export type RoleId = (typeof ROLE_IDS)[number]

export const roles: Option<RoleId>[] = [
  {
    id: 'victim',
    label: {
      nl: 'Het overkwam mij',
      en: 'It happened to me',
      ar: 'حدث لي',
      tr: 'Bana oldu',
      pl: 'To spotkało mnie',
      uk: 'Це сталося зі мною',
    },
  },
  {
    id: 'bystander',
    label: {
      nl: 'Ik zag het iemand anders overkomen',
      en: 'I saw it happen to someone else',
      ar: 'رأيته يحدث لشخص آخر',
      tr: 'Başka birine olurken gördüm',
      pl: 'Widziałem/am, jak to spotkało kogoś innego',
      uk: 'Я бачив(-ла), як це сталося з кимось іншим',
    },
  },
]

export const AGE_BANDS = ['under-16', '16-17', '18-24', '25-34', '35-44', '45-64', '65+'] as const
export type AgeBand = (typeof AGE_BANDS)[number]

export const ageBands: Option<AgeBand>[] = [
  {
    id: 'under-16',
    label: {
      nl: 'Jonger dan 16',
      en: 'Under 16',
      ar: 'أقل من 16',
      tr: '16 yaş altı',
      pl: 'Poniżej 16',
      uk: 'До 16',
    },
  },
  {
    id: '16-17',
    label: {
      nl: '16 of 17',
      en: '16 or 17',
      ar: '16 أو 17',
      tr: '16 veya 17',
      pl: '16 lub 17',
      uk: '16 або 17',
    },
  },
  {
    id: '18-24',
    label: {
      nl: '18 tot 25',
      en: '18 to 24',
      ar: 'من 18 إلى 24',
      tr: '18–24',
      pl: '18–24',
      uk: '18–24',
    },
  },
  {
    id: '25-34',
    label: {
      nl: '25 tot 35',
      en: '25 to 34',
      ar: 'من 25 إلى 34',
      tr: '25–34',
      pl: '25–34',
      uk: '25–34',
    },
  },
  {
    id: '35-44',
    label: {
      nl: '35 tot 45',
      en: '35 to 44',
      ar: 'من 35 إلى 44',
      tr: '35–44',
      pl: '35–44',
      uk: '35–44',
    },
  },
  {
    id: '45-64',
    label: {
      nl: '45 tot 65',
      en: '45 to 64',
      ar: 'من 45 إلى 64',
      tr: '45–64',
      pl: '45–64',
      uk: '45–64',
    },
  },
  {
    id: '65+',
    label: {
      nl: '65 of ouder',
      en: '65 or older',
      ar: '65 أو أكثر',
      tr: '65 veya üstü',
      pl: '65 lub więcej',
      uk: '65 і більше',
    },
  },
]

// No 'prefer-not-to-say': every "about" field is optional, and leaving it out is how someone declines.
export const GENDER_IDS = ['woman', 'man', 'non-binary', 'other'] as const
export type GenderId = (typeof GENDER_IDS)[number]

export const genders: Option<GenderId>[] = [
  {
    id: 'woman',
    label: {
      nl: 'Vrouw',
      en: 'Woman',
      ar: 'امرأة',
      tr: 'Kadın',
      pl: 'Kobieta',
      uk: 'Жінка',
    },
  },
  {
    id: 'man',
    label: {
      nl: 'Man',
      en: 'Man',
      ar: 'رجل',
      tr: 'Erkek',
      pl: 'Mężczyzna',
      uk: 'Чоловік',
    },
  },
  {
    id: 'non-binary',
    label: {
      nl: 'Non-binair',
      en: 'Non-binary',
      ar: 'غير ثنائي الجندر',
      tr: 'Non-binary',
      pl: 'Osoba niebinarna',
      uk: 'Небінарна особа',
    },
  },
  {
    id: 'other',
    label: {
      nl: 'Anders',
      en: 'Other',
      ar: 'غير ذلك',
      tr: 'Diğer',
      pl: 'Inna',
      uk: 'Інше',
    },
  },
]

export const IDENTITY_GROUP_IDS = ['lgbti', 'disability', 'migrant', 'person-of-colour', 'religious', 'other'] as const
export type IdentityGroupId = (typeof IDENTITY_GROUP_IDS)[number]

export const identityGroups: Option<IdentityGroupId>[] = [
  {
    id: 'lgbti',
    label: {
      nl: 'LHBTI+',
      en: 'LGBTI+',
      ar: 'مجتمع الميم (LGBTI+)',
      tr: 'LGBTİ+',
      pl: 'LGBTI+',
      uk: 'ЛГБТІ+',
    },
  },
  {
    id: 'disability',
    label: {
      nl: 'Met een beperking',
      en: 'With a disability',
      ar: 'من ذوي الإعاقة',
      tr: 'Engelli',
      pl: 'Osoba z niepełnosprawnością',
      uk: 'Людина з інвалідністю',
    },
  },
  {
    id: 'migrant',
    label: {
      nl: 'Migrant of nieuwkomer',
      en: 'Migrant or newcomer',
      ar: 'مهاجر أو قادم جديد',
      tr: 'Göçmen veya yeni gelen',
      pl: 'Migrant/ka lub osoba nowo przybyła',
      uk: 'Мігрант(-ка) або новоприбула людина',
    },
  },
  {
    id: 'person-of-colour',
    label: {
      nl: 'Persoon van kleur',
      en: 'Person of colour',
      ar: 'شخص ملوّن البشرة',
      tr: 'Beyaz olmayan biri',
      pl: 'Osoba niebiała',
      uk: 'Небіла людина',
    },
  },
  {
    id: 'religious',
    label: {
      nl: 'Zichtbaar gelovig (bijvoorbeeld hoofddoek of keppel)',
      en: 'Visibly religious (for example headscarf or kippah)',
      ar: 'مظهر ديني واضح (مثل الحجاب أو الكيباه)',
      tr: 'Dindar olduğu görünen biri (örneğin başörtüsü veya kipa)',
      pl: 'Osoba widocznie wierząca (np. chusta lub kipa)',
      uk: 'Помітно релігійна людина (наприклад, хустка чи кіпа)',
    },
  },
  {
    id: 'other',
    label: {
      nl: 'Een andere groep',
      en: 'Another group',
      ar: 'مجموعة أخرى',
      tr: 'Başka bir grup',
      pl: 'Inna grupa',
      uk: 'Інша група',
    },
  },
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
  {
    id: 'poster',
    label: {
      nl: 'Poster of flyer',
      en: 'Poster or flyer',
      ar: 'ملصق أو منشور',
      tr: 'Afiş veya broşür',
      pl: 'Plakat lub ulotka',
      uk: 'Плакат або листівка',
    },
  },
  {
    id: 'social-media',
    label: {
      nl: 'Sociale media',
      en: 'Social media',
      ar: 'وسائل التواصل الاجتماعي',
      tr: 'Sosyal medya',
      pl: 'Media społecznościowe',
      uk: 'Соціальні мережі',
    },
  },
  {
    id: 'school',
    label: {
      nl: 'School, studie of werk',
      en: 'School, college or work',
      ar: 'المدرسة أو الدراسة أو العمل',
      tr: 'Okul, üniversite veya iş',
      pl: 'Szkoła, studia lub praca',
      uk: 'Школа, навчання або робота',
    },
  },
  {
    id: 'nightlife-venue',
    label: {
      nl: 'Café, club of festival',
      en: 'Bar, club or festival',
      ar: 'مقهى أو نادٍ ليلي أو مهرجان',
      tr: 'Bar, kulüp veya festival',
      pl: 'Bar, klub lub festiwal',
      uk: 'Бар, клуб або фестиваль',
    },
  },
  {
    id: 'public-transport',
    label: {
      nl: 'In het ov',
      en: 'On public transport',
      ar: 'في المواصلات العامة',
      tr: 'Toplu taşımada',
      pl: 'W komunikacji publicznej',
      uk: 'У громадському транспорті',
    },
  },
  {
    id: 'friend',
    label: {
      nl: 'Via iemand die ik ken',
      en: 'From someone I know',
      ar: 'من شخص أعرفه',
      tr: 'Tanıdığım birinden',
      pl: 'Od kogoś znajomego',
      uk: 'Від знайомих',
    },
  },
  {
    id: 'news',
    label: {
      nl: 'Nieuws, krant of radio',
      en: 'News, paper or radio',
      ar: 'الأخبار أو الصحف أو الراديو',
      tr: 'Haberler, gazete veya radyo',
      pl: 'Wiadomości, gazeta lub radio',
      uk: 'Новини, газета або радіо',
    },
  },
  {
    id: 'police',
    label: {
      nl: 'Politie of boa',
      en: 'Police or enforcement officer',
      ar: 'الشرطة أو مراقب البلدية',
      tr: 'Polis veya zabıta',
      pl: 'Policja lub straż miejska',
      uk: 'Поліція або муніципальна охорона',
    },
  },
  {
    id: 'other',
    label: {
      nl: 'Ergens anders',
      en: 'Somewhere else',
      ar: 'في مكان آخر',
      tr: 'Başka bir yerden',
      pl: 'Gdzie indziej',
      uk: 'Деінде',
    },
  },
]

// who the offenders were. Optional, on one skippable screen; never on the public map.
export const OFFENDER_COUNT_IDS = ['one', 'two-three', 'group'] as const
export type OffenderCountId = (typeof OFFENDER_COUNT_IDS)[number]

export const offenderCounts: Option<OffenderCountId>[] = [
  {
    id: 'one',
    label: {
      nl: 'Eén persoon',
      en: 'One person',
      ar: 'شخص واحد',
      tr: 'Bir kişi',
      pl: 'Jedna osoba',
      uk: 'Одна особа',
    },
  },
  {
    id: 'two-three',
    label: {
      nl: 'Twee of drie personen',
      en: 'Two or three people',
      ar: 'شخصان أو ثلاثة',
      tr: 'İki veya üç kişi',
      pl: 'Dwie lub trzy osoby',
      uk: 'Дві або три особи',
    },
  },
  {
    id: 'group',
    label: {
      nl: 'Een groep (vier of meer)',
      en: 'A group (four or more)',
      ar: 'مجموعة (أربعة أو أكثر)',
      tr: 'Bir grup (dört veya daha fazla)',
      pl: 'Grupa (cztery osoby lub więcej)',
      uk: 'Група (четверо або більше)',
    },
  },
]

export const OFFENDER_AGE_IDS = ['under-18', '18-30', 'over-30', 'unknown'] as const
export type OffenderAgeId = (typeof OFFENDER_AGE_IDS)[number]

export const offenderAges: Option<OffenderAgeId>[] = [
  {
    id: 'under-18',
    label: {
      nl: 'Jonger dan 18',
      en: 'Younger than 18',
      ar: 'أقل من 18 سنة',
      tr: '18 yaşından küçük',
      pl: 'Poniżej 18 lat',
      uk: 'Молодше 18 років',
    },
  },
  {
    id: '18-30',
    label: {
      nl: '18 tot en met 30',
      en: '18 to 30',
      ar: 'من 18 إلى 30 سنة',
      tr: '18–30 yaş',
      pl: '18–30 lat',
      uk: '18–30 років',
    },
  },
  {
    id: 'over-30',
    label: {
      nl: 'Ouder dan 30',
      en: 'Older than 30',
      ar: 'أكبر من 30 سنة',
      tr: '30 yaşından büyük',
      pl: 'Powyżej 30 lat',
      uk: 'Старше 30 років',
    },
  },
  {
    id: 'unknown',
    label: {
      nl: 'Weet ik niet',
      en: 'Don’t know',
      ar: 'لا أعرف',
      tr: 'Bilmiyorum',
      pl: 'Nie wiem',
      uk: 'Не знаю',
    },
  },
]

export const OFFENDER_KNOWN_IDS = ['no', 'by-sight', 'yes'] as const
export type OffenderKnownId = (typeof OFFENDER_KNOWN_IDS)[number]

export const offenderKnown: Option<OffenderKnownId>[] = [
  {
    id: 'no',
    label: {
      nl: 'Nee',
      en: 'No',
      ar: 'لا',
      tr: 'Hayır',
      pl: 'Nie',
      uk: 'Ні',
    },
  },
  {
    id: 'by-sight',
    label: {
      nl: 'Van gezicht',
      en: 'By sight',
      ar: 'أعرفه بالشكل فقط',
      tr: 'Yüzünden tanıyorum',
      pl: 'Z widzenia',
      uk: 'З вигляду',
    },
  },
  {
    id: 'yes',
    label: {
      nl: 'Ja',
      en: 'Yes',
      ar: 'نعم',
      tr: 'Evet',
      pl: 'Tak',
      uk: 'Так',
    },
  },
]


export const PRECISION_IDS = ['exact', 'approximate', 'area'] as const
export type PrecisionId = (typeof PRECISION_IDS)[number]

export const precisions: Option<PrecisionId>[] = [
  {
    id: 'exact',
    label: {
      nl: 'Precies hier',
      en: 'Exactly here',
      ar: 'هنا بالضبط',
      tr: 'Tam burada',
      pl: 'Dokładnie tutaj',
      uk: 'Саме тут',
    },
  },
  {
    id: 'approximate',
    label: {
      nl: 'Ongeveer hier',
      en: 'Roughly here',
      ar: 'هنا تقريبًا',
      tr: 'Yaklaşık burada',
      pl: 'Mniej więcej tutaj',
      uk: 'Приблизно тут',
    },
  },
  {
    id: 'area',
    label: {
      nl: 'Ergens in deze buurt',
      en: 'Somewhere in this area',
      ar: 'في مكان ما في هذه المنطقة',
      tr: 'Bu çevrede bir yerde',
      pl: 'Gdzieś w tej okolicy',
      uk: 'Десь у цьому районі',
    },
  },
]

const categoriesById: ReadonlyMap<string, Category> = new Map(categories.map((c) => [c.id, c]))

/** The category with this id, or undefined for an id outside the taxonomy. */
export function findCategory(id: string): Category | undefined {
  return categoriesById.get(id)
}

/** Every labelled list, by the name the taxonomy response gives it. */
export const taxonomyLists = {
  categories,
  categoryGroups,
  settings,
  roles,
  ageBands,
  genders,
  identityGroups,
  heardVia,
  precisions,
  offenderCounts,
  offenderAges,
  offenderKnown,
} as const
export type TaxonomyKind = keyof typeof taxonomyLists

const labelsByKind = new Map<TaxonomyKind, ReadonlyMap<string, Label>>(
  Object.entries(taxonomyLists).map(([kind, list]) => [kind as TaxonomyKind, new Map(list.map((o) => [o.id, o.label]))]),
)

/** The label of an id in a language, or undefined for an id outside the taxonomy (a newer server may know more). */
export function taxonomyLabel(kind: TaxonomyKind, id: string, lang: Language): string | undefined {
  return labelsByKind.get(kind)?.get(id)?.[lang]
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
  offenderCounts: LocalizedOption<OffenderCountId>[]
  offenderAges: LocalizedOption<OffenderAgeId>[]
  offenderKnown: LocalizedOption<OffenderKnownId>[]
}

function localizeOptions<Id extends string>(options: Option<Id>[], lang: Language): LocalizedOption<Id>[] {
  return options.map((o) => ({ id: o.id, label: o.label[lang] }))
}

/** The whole taxonomy as plain JSON with every label in one language, for the report form. */
export function localizeTaxonomy(lang: Language): LocalizedTaxonomy {
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
    offenderCounts: localizeOptions(offenderCounts, lang),
    offenderAges: localizeOptions(offenderAges, lang),
    offenderKnown: localizeOptions(offenderKnown, lang),
  }
}
