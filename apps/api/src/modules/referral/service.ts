// A municipality's own help entries on top of the national referral rules.
import { MunicipalityHelpOverrides } from '@meldpunt/core'

const parsedOverrides = new WeakMap<Record<string, unknown>, { overrides: MunicipalityHelpOverrides | undefined }>()

/**
 * A municipality's help overrides, or none when its settings hold nothing valid (bad settings must not fail intake).
 * Parsed once per settings object: the municipality index hands out the same object until the settings change.
 */
export function helpOverrides(settings: Record<string, unknown>): MunicipalityHelpOverrides | undefined {
  let parsed = parsedOverrides.get(settings)
  if (parsed === undefined) {
    const result = MunicipalityHelpOverrides.safeParse(settings.help)
    parsed = { overrides: result.success ? result.data : undefined }
    parsedOverrides.set(settings, parsed)
  }
  return parsed.overrides
}
