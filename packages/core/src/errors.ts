// Stable error codes, their HTTP statuses and person-actionable messages, and the RFC 9457 problem shape.

import { z } from 'zod'
import type { Lang, Localized } from './taxonomy.js'
import { FieldErrorCode, fieldErrorMessages } from './field-errors.js'

/** Codes for whole-request errors: clients and tests match these, never the prose. */
export const ErrorCode = {
  VALIDATION: 'MELDPUNT_ERR_VALIDATION',
  MALFORMED_JSON: 'MELDPUNT_ERR_MALFORMED_JSON',
  BODY_TOO_LARGE: 'MELDPUNT_ERR_BODY_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'MELDPUNT_ERR_UNSUPPORTED_MEDIA_TYPE',
  OUTSIDE_MUNICIPALITY: 'MELDPUNT_ERR_OUTSIDE_MUNICIPALITY',
  IDEMPOTENCY_KEY_MISSING: 'MELDPUNT_ERR_IDEMPOTENCY_KEY_MISSING',
  IDEMPOTENCY_KEY_INVALID: 'MELDPUNT_ERR_IDEMPOTENCY_KEY_INVALID',
  IDEMPOTENCY_KEY_REUSED: 'MELDPUNT_ERR_IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_IN_FLIGHT: 'MELDPUNT_ERR_IDEMPOTENCY_IN_FLIGHT',
  NOT_FOUND: 'MELDPUNT_ERR_NOT_FOUND',
  RATE_LIMITED: 'MELDPUNT_ERR_RATE_LIMITED',
  UNAUTHENTICATED: 'MELDPUNT_ERR_UNAUTHENTICATED',
  FORBIDDEN: 'MELDPUNT_ERR_FORBIDDEN',
  CSRF: 'MELDPUNT_ERR_CSRF',
  OVERLOADED: 'MELDPUNT_ERR_OVERLOADED',
  MUNICIPALITY_BUSY: 'MELDPUNT_ERR_MUNICIPALITY_BUSY',
  POW_REQUIRED: 'MELDPUNT_ERR_POW_REQUIRED',
  POW_INVALID: 'MELDPUNT_ERR_POW_INVALID',
  GONE: 'MELDPUNT_ERR_GONE',
  ADDITIONS_FULL: 'MELDPUNT_ERR_ADDITIONS_FULL',
  CONFLICT: 'MELDPUNT_ERR_CONFLICT',
  SECOND_FACTOR_REQUIRED: 'MELDPUNT_ERR_SECOND_FACTOR_REQUIRED',
  SECOND_FACTOR_ENROLMENT_REQUIRED: 'MELDPUNT_ERR_SECOND_FACTOR_ENROLMENT_REQUIRED',
  INTERNAL: 'MELDPUNT_ERR_INTERNAL',
} as const
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

export const ERROR_CODES = Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]

/**
 * Default HTTP status per code. Idempotency statuses follow draft-ietf-httpapi-idempotency-key-header:
 * missing or malformed key 400, same key with another body 422, first request still running 409.
 */
export const errorStatus: Record<ErrorCode, number> = {
  MELDPUNT_ERR_VALIDATION: 400,
  MELDPUNT_ERR_MALFORMED_JSON: 400,
  MELDPUNT_ERR_BODY_TOO_LARGE: 413,
  MELDPUNT_ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  MELDPUNT_ERR_OUTSIDE_MUNICIPALITY: 422,
  MELDPUNT_ERR_IDEMPOTENCY_KEY_MISSING: 400,
  MELDPUNT_ERR_IDEMPOTENCY_KEY_INVALID: 400,
  MELDPUNT_ERR_IDEMPOTENCY_KEY_REUSED: 422,
  MELDPUNT_ERR_IDEMPOTENCY_IN_FLIGHT: 409,
  MELDPUNT_ERR_NOT_FOUND: 404,
  MELDPUNT_ERR_RATE_LIMITED: 429,
  MELDPUNT_ERR_UNAUTHENTICATED: 401,
  MELDPUNT_ERR_FORBIDDEN: 403,
  MELDPUNT_ERR_CSRF: 403,
  MELDPUNT_ERR_OVERLOADED: 503,
  MELDPUNT_ERR_MUNICIPALITY_BUSY: 503,
  MELDPUNT_ERR_POW_REQUIRED: 400,
  MELDPUNT_ERR_POW_INVALID: 403,
  MELDPUNT_ERR_GONE: 410,
  MELDPUNT_ERR_CONFLICT: 409,
  MELDPUNT_ERR_ADDITIONS_FULL: 409,
  MELDPUNT_ERR_SECOND_FACTOR_REQUIRED: 401,
  MELDPUNT_ERR_SECOND_FACTOR_ENROLMENT_REQUIRED: 403,
  MELDPUNT_ERR_INTERNAL: 500,
}

/** Short English titles for the problem `title` (meant for developers; people see `errorMessages`). */
export const errorTitles: Record<ErrorCode, string> = {
  MELDPUNT_ERR_VALIDATION: 'The request has invalid fields',
  MELDPUNT_ERR_MALFORMED_JSON: 'The request body is not valid JSON',
  MELDPUNT_ERR_BODY_TOO_LARGE: 'The request body is too large',
  MELDPUNT_ERR_UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  MELDPUNT_ERR_OUTSIDE_MUNICIPALITY: 'The location is outside every participating municipality',
  MELDPUNT_ERR_IDEMPOTENCY_KEY_MISSING: 'Idempotency-Key header missing',
  MELDPUNT_ERR_IDEMPOTENCY_KEY_INVALID: 'Idempotency-Key header invalid',
  MELDPUNT_ERR_IDEMPOTENCY_KEY_REUSED: 'Idempotency-Key reused with a different request',
  MELDPUNT_ERR_IDEMPOTENCY_IN_FLIGHT: 'A request with this Idempotency-Key is still being processed',
  MELDPUNT_ERR_NOT_FOUND: 'Not found',
  MELDPUNT_ERR_RATE_LIMITED: 'Too many requests',
  MELDPUNT_ERR_UNAUTHENTICATED: 'Not signed in',
  MELDPUNT_ERR_FORBIDDEN: 'Forbidden',
  MELDPUNT_ERR_CSRF: 'CSRF token missing or invalid',
  MELDPUNT_ERR_OVERLOADED: 'Service overloaded',
  MELDPUNT_ERR_MUNICIPALITY_BUSY: 'Hourly intake limit of this municipality reached',
  MELDPUNT_ERR_POW_REQUIRED: 'Proof-of-work header missing',
  MELDPUNT_ERR_POW_INVALID: 'Proof of work invalid, expired or already used',
  MELDPUNT_ERR_GONE: 'This address is no longer in use',
  MELDPUNT_ERR_CONFLICT: 'This cannot be done in the current state',
  MELDPUNT_ERR_ADDITIONS_FULL: 'This report cannot take more additions',
  MELDPUNT_ERR_SECOND_FACTOR_REQUIRED: 'Second factor required',
  MELDPUNT_ERR_SECOND_FACTOR_ENROLMENT_REQUIRED: 'Set up a second factor first',
  MELDPUNT_ERR_INTERNAL: 'Internal error',
}

/** What a person can do about each error, for the web app to show. */
export const errorMessages: Record<ErrorCode, Localized> = {
  MELDPUNT_ERR_VALIDATION: {
    nl: 'Niet alles is goed ingevuld. Kijk de gemarkeerde velden na en probeer het opnieuw.',
    en: 'Some answers need another look. Check the marked fields and try again.',
  },
  MELDPUNT_ERR_MALFORMED_JSON: {
    nl: 'Je melding kwam niet goed aan. Probeer het opnieuw; je antwoorden staan er nog.',
    en: 'Your report did not arrive intact. Please try again; your answers are still there.',
  },
  MELDPUNT_ERR_BODY_TOO_LARGE: {
    nl: 'Je melding is te groot. Maak je beschrijving korter en probeer het opnieuw.',
    en: 'Your report is too large. Shorten your description and try again.',
  },
  MELDPUNT_ERR_UNSUPPORTED_MEDIA_TYPE: {
    nl: 'Je melding kwam in een vorm aan die we niet kunnen lezen. Ververs de pagina en probeer het opnieuw.',
    en: 'Your report arrived in a form we cannot read. Reload the page and try again.',
  },
  MELDPUNT_ERR_OUTSIDE_MUNICIPALITY: {
    nl: 'Deze plek ligt buiten de gemeenten die meedoen. Kies een plek op de kaart binnen de gemeente.',
    en: 'This place is outside the participating municipalities. Pick a place on the map inside the municipality.',
  },
  MELDPUNT_ERR_IDEMPOTENCY_KEY_MISSING: {
    nl: 'Er ging iets mis bij het versturen. Ververs de pagina en verstuur je melding opnieuw.',
    en: 'Something went wrong while sending. Reload the page and send your report again.',
  },
  MELDPUNT_ERR_IDEMPOTENCY_KEY_INVALID: {
    nl: 'Er ging iets mis bij het versturen. Ververs de pagina en verstuur je melding opnieuw.',
    en: 'Something went wrong while sending. Reload the page and send your report again.',
  },
  MELDPUNT_ERR_IDEMPOTENCY_KEY_REUSED: {
    nl: 'Deze melding is al eerder verstuurd met andere antwoorden. Begin een nieuwe melding als je iets anders wilt melden.',
    en: 'This report was already sent with different answers. Start a new report if you want to report something else.',
  },
  MELDPUNT_ERR_IDEMPOTENCY_IN_FLIGHT: {
    nl: 'Je melding wordt nog verwerkt. Wacht een paar seconden en probeer het dan opnieuw.',
    en: 'Your report is still being processed. Wait a few seconds, then try again.',
  },
  MELDPUNT_ERR_NOT_FOUND: {
    nl: 'We konden dit niet vinden. Controleer je ontvangstcode of de link.',
    en: 'We could not find this. Check your receipt code or the link.',
  },
  MELDPUNT_ERR_RATE_LIMITED: {
    nl: 'Er komen te veel verzoeken tegelijk binnen. Wacht een minuut en probeer het opnieuw.',
    en: 'Too many requests at once. Wait a minute and try again.',
  },
  MELDPUNT_ERR_UNAUTHENTICATED: {
    nl: 'Je bent niet (meer) ingelogd. Log opnieuw in.',
    en: 'You are not signed in (any more). Please sign in again.',
  },
  MELDPUNT_ERR_FORBIDDEN: {
    nl: 'Je hebt geen toegang tot deze gegevens. Vraag een beheerder als je denkt dat dit niet klopt.',
    en: 'You do not have access to this data. Ask an administrator if you think this is wrong.',
  },
  MELDPUNT_ERR_CSRF: {
    nl: 'Je sessie is verlopen of de pagina is te oud. Ververs de pagina en probeer het opnieuw.',
    en: 'Your session expired or the page is out of date. Reload the page and try again.',
  },
  MELDPUNT_ERR_OVERLOADED: {
    nl: 'Het is nu erg druk. Probeer het over een paar minuten opnieuw. Ben je in gevaar? Bel 112.',
    en: 'It is very busy right now. Try again in a few minutes. In danger? Call 112.',
  },
  MELDPUNT_ERR_MUNICIPALITY_BUSY: {
    nl: 'Er komen nu ongewoon veel meldingen binnen voor deze gemeente. Je melding blijft bewaard; probeer het over een tijdje opnieuw. Ben je in gevaar? Bel 112.',
    en: 'Unusually many reports are arriving for this municipality right now. Your report is kept; try again in a while. In danger? Call 112.',
  },
  MELDPUNT_ERR_POW_REQUIRED: {
    nl: 'Er ging iets mis bij het versturen. Ververs de pagina en verstuur je melding opnieuw.',
    en: 'Something went wrong while sending. Reload the page and send your report again.',
  },
  MELDPUNT_ERR_POW_INVALID: {
    nl: 'De controle voor het versturen is verlopen. Verstuur je melding opnieuw; je antwoorden staan er nog.',
    en: 'The check before sending has expired. Send your report again; your answers are still there.',
  },
  MELDPUNT_ERR_GONE: {
    nl: 'Deze pagina bestaat niet meer. Ververs de pagina en probeer het opnieuw.',
    en: 'This page no longer exists. Reload the page and try again.',
  },
  MELDPUNT_ERR_ADDITIONS_FULL: {
    nl: 'Bij deze melding kan niets meer worden aangevuld. Wil je iets nieuws melden? Doe dan een nieuwe melding.',
    en: 'Nothing more can be added to this report. Want to report something new? Please file a new report.',
  },
  MELDPUNT_ERR_CONFLICT: {
    nl: 'Dit kan nu niet: de toestand laat het niet toe. Lees de uitleg en probeer het daarna opnieuw.',
    en: 'This cannot be done right now: the current state does not allow it. Read the explanation and try again.',
  },
  MELDPUNT_ERR_SECOND_FACTOR_REQUIRED: {
    nl: 'Vul de code uit je authenticator-app in, of een herstelcode.',
    en: 'Enter the code from your authenticator app, or a recovery code.',
  },
  MELDPUNT_ERR_SECOND_FACTOR_ENROLMENT_REQUIRED: {
    nl: 'Je gemeente vraagt beheerders om een tweede stap bij het inloggen. Stel die eerst in op de pagina Beveiliging.',
    en: 'Your municipality asks administrators for a second sign-in step. Set it up on the Security page first.',
  },
  MELDPUNT_ERR_INTERNAL: {
    nl: 'Er ging aan onze kant iets mis. Probeer het later opnieuw. Ben je in gevaar? Bel 112.',
    en: 'Something went wrong on our side. Please try again later. In danger? Call 112.',
  },
}

const fieldErrorCodes: ReadonlySet<string> = new Set(Object.values(FieldErrorCode))

export const FieldError = z.object({
  /** Dotted path into the request body, e.g. `occurredAt.from` or `about.groups.1`. */
  field: z.string(),
  code: z.string(),
  message: z.string(),
})
export type FieldError = z.infer<typeof FieldError>

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  code: z.enum(ERROR_CODES),
  detail: z.string().optional(),
  errors: z.array(FieldError).optional(),
})
export type Problem = z.infer<typeof Problem>

/** Problem `type` URI for a code, e.g. `urn:meldpunt:problem:validation`. */
export function problemType(code: ErrorCode): string {
  return `urn:meldpunt:problem:${code.replace(/^MELDPUNT_ERR_/, '').toLowerCase().replaceAll('_', '-')}`
}

/** A complete problem body for a code, with its default status and title. */
export function makeProblem(
  code: ErrorCode,
  options: { status?: number, detail?: string, errors?: FieldError[] } = {},
): Problem {
  const problem: Problem = {
    type: problemType(code),
    title: errorTitles[code],
    status: options.status ?? errorStatus[code],
    code,
  }
  if (options.detail !== undefined) problem.detail = options.detail
  if (options.errors !== undefined) problem.errors = options.errors
  return problem
}

/** Dotted path for an issue path; an empty path (the body itself) becomes ''. */
export function issuePathToField(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.')
}

/** Turns zod issues into field errors; messages of this package's schemas are codes, anything else becomes `invalid`. */
export function fieldErrorsFromZod(error: z.ZodError, lang: Lang = 'en'): FieldError[] {
  return error.issues.map((issue) => {
    const code = (fieldErrorCodes.has(issue.message) ? issue.message : FieldErrorCode.INVALID) as FieldErrorCode
    return { field: issuePathToField(issue.path), code, message: fieldErrorMessages[code][lang] }
  })
}
