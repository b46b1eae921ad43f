// Local help services as the settings form edits them, and as the referral rules store them (settings.help):
// one service and one rule each, beside whatever rules the municipality set for national services.
import { FieldErrorCode, MunicipalityHelpOverrides, nationalHelpServices, type HelpService, type ReferralRule } from '@meldpunt/core'
import type { LocalHelpServiceOut, LocalHelpSettings } from '@meldpunt/core/api'
import { fieldProblem } from '../../lib/problems.js'

const NATIONAL_IDS = new Set(nationalHelpServices.map((s) => s.id))

/**
 * The `tel:` target for a number as people write it: E.164 for Dutch and international numbers, the digits for a
 * short code (112, 144). Null when it is neither, so the form can say which number it cannot call.
 */
export function telFor(phone: string): string | null {
  const compact = phone.replace(/[\s().-]/g, '')
  if (/^\+[1-9]\d{6,14}$/.test(compact)) return compact
  if (/^00[1-9]\d{6,13}$/.test(compact)) return `+${compact.slice(2)}`
  // Dutch numbers: ten digits with the trunk 0 (020 123 4567, 06 12345678), or 0800/0900 numbers of 8 to 11 digits.
  if (/^0[1-9]\d{8}$/.test(compact) || /^0[89]0[09]\d{4,7}$/.test(compact)) return `+31${compact.slice(1)}`
  if (/^\d{3,6}$/.test(compact)) return compact
  return null
}

/** `local-` and the Dutch name in lower-case ASCII words: readable in the audit log and stable across saves. */
function slug(name: string): string {
  const words = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
  return `local-${words.slice(0, 40).replace(/-+$/, '') || 'service'}`
}

/** The stored overrides, or none when settings hold nothing valid (the form then starts empty). */
export function storedOverrides(settings: Record<string, unknown>): MunicipalityHelpOverrides {
  const parsed = MunicipalityHelpOverrides.safeParse(settings.help)
  return parsed.success ? parsed.data : {}
}

/** The services the form shows: the municipality's own (and its replacements of national ones), each with its rule. */
export function localServices(overrides: MunicipalityHelpOverrides): LocalHelpServiceOut[] {
  return (overrides.services ?? []).map((s) => {
    const rule = overrides.rules?.find((r) => r.service === s.id)
    return {
      id: s.id,
      name: s.name,
      ...(s.phone !== undefined ? { phone: s.phone } : {}),
      ...(s.url !== undefined ? { url: s.url } : {}),
      text: s.text,
      ...(s.languages?.length ? { languages: s.languages } : {}),
      urgency: s.urgency,
      when: rule?.when ?? {},
      priority: rule?.priority ?? 40,
    }
  })
}

/**
 * The overrides after a save: the form's services and one rule each replace the previous local services and their
 * rules; rules for national services and the list of national services left out stay as they were (a local service
 * that takes a national one's id is no longer left out). Field errors name the service by its place in the list.
 */
export function withLocalServices(previous: MunicipalityHelpOverrides, form: LocalHelpSettings): MunicipalityHelpOverrides {
  const taken = new Set<string>()
  const services: HelpService[] = []
  const rules: ReferralRule[] = []
  form.services.forEach((s, i) => {
    let id = s.id ?? slug(s.name.nl)
    if (s.id !== undefined && taken.has(id)) throw fieldProblem(`services.${i}.id`, FieldErrorCode.DUPLICATE, `Two services have the id ${id}.`)
    for (let n = 2; taken.has(id); n++) id = `${slug(s.name.nl)}-${n}`
    taken.add(id)
    const tel = s.phone === undefined ? undefined : telFor(s.phone)
    if (tel === null) throw fieldProblem(`services.${i}.phone`, FieldErrorCode.INVALID_FORMAT, `The phone number of service ${i + 1} cannot be called: use a Dutch number (020 123 4567), +31…, or a short code.`)
    services.push({
      id,
      name: s.name,
      ...(s.phone !== undefined ? { phone: s.phone, tel } : {}),
      ...(s.url !== undefined ? { url: s.url } : {}),
      text: s.text,
      ...(s.languages?.length ? { languages: [...new Set(s.languages)] } : {}),
      urgency: s.urgency,
    })
    rules.push({ service: id, when: s.when, priority: s.priority })
  })
  const previousLocal = new Set((previous.services ?? []).map((s) => s.id))
  const kept = (previous.rules ?? []).filter((r) => !previousLocal.has(r.service) && !taken.has(r.service) && NATIONAL_IDS.has(r.service))
  const remove = (previous.remove ?? []).filter((id) => !taken.has(id))
  return MunicipalityHelpOverrides.parse({ services, rules: [...kept, ...rules], ...(remove.length ? { remove } : {}) })
}
