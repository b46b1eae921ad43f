// One error shape everywhere (RFC 9457 problem details with a stable code); thrown by routes, sent by the error handler.
import { ErrorCode, makeProblem, type FieldError, type Problem } from '@meldpunt/core'
import { FieldErrorCode, fieldErrorMessages } from '@meldpunt/core'
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { isTransientDatabaseError } from './database-errors.js'

export class ProblemError extends Error {
  readonly problem: Problem
  readonly headers: Record<string, string>
  constructor(code: ErrorCode, options: { status?: number; detail?: string; errors?: FieldError[]; headers?: Record<string, string> } = {}) {
    const problem = makeProblem(code, options)
    super(problem.detail ?? problem.title)
    this.problem = problem
    this.headers = options.headers ?? {}
  }
}

/** A 400 naming one field (`querystring.to`, `services.2.phone`) with its field error code and the code's English words. */
export function fieldProblem(field: string, code: FieldErrorCode, detail: string): ProblemError {
  return new ProblemError(ErrorCode.VALIDATION, { detail, errors: [{ field, code, message: fieldErrorMessages[code].en }] })
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): FastifyReply {
  return reply
    .code(problem.status)
    .headers(headers)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(JSON.stringify(problem))
}

interface ZodLikeIssue {
  path?: PropertyKey[]
  message?: string
}

function fieldErrorsFromValidation(err: FastifyError): FieldError[] {
  const known = new Set<string>(Object.values(FieldErrorCode))
  return (err.validation ?? []).map((v) => {
    const issue = (v.params as { issue?: ZodLikeIssue } | undefined)?.issue
    const path = issue?.path ? issue.path.map(String).join('.') : v.instancePath.replace(/^\//, '').replaceAll('/', '.')
    // fastify-type-provider-zod puts the zod issue's message on the error itself, not in params.
    const message = issue?.message ?? v.message
    const code = (message && known.has(message) ? message : FieldErrorCode.INVALID) as FieldErrorCode
    const where = err.validationContext && err.validationContext !== 'body' ? `${err.validationContext}.` : ''
    return { field: `${where}${path}`, code, message: fieldErrorMessages[code].en }
  })
}

/** Maps every error to a problem; 5xx bodies never carry internals. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof ProblemError) return sendProblem(reply, err.problem, err.headers)
    if (hasZodFastifySchemaValidationErrors(err)) {
      const errors = fieldErrorsFromValidation(err)
      const fields = errors.map((e) => e.field || '(body)').join(', ')
      return sendProblem(reply, makeProblem(ErrorCode.VALIDATION, { detail: `Invalid fields: ${fields}`, errors }))
    }
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(reply, makeProblem(ErrorCode.BODY_TOO_LARGE, { detail: 'The request body is larger than this endpoint accepts.' }))
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(reply, makeProblem(ErrorCode.UNSUPPORTED_MEDIA_TYPE, { detail: 'Send the body as application/json.' }))
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return sendProblem(reply, makeProblem(ErrorCode.MALFORMED_JSON, { detail: 'The body is not valid JSON.', errors: [{ field: '', code: 'invalid', message: 'The body is not valid JSON.' }] }))
    }
    if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message))) {
      return sendProblem(reply, makeProblem(ErrorCode.MALFORMED_JSON, { detail: 'The body is not valid JSON.', errors: [{ field: '', code: 'invalid', message: 'The body is not valid JSON.' }] }))
    }
    const status = err.statusCode ?? 500
    if (status === 429) return sendProblem(reply, makeProblem(ErrorCode.RATE_LIMITED))
    if (status >= 400 && status < 500) {
      return sendProblem(reply, makeProblem(status === 404 ? ErrorCode.NOT_FOUND : ErrorCode.VALIDATION, { status, detail: err.message }))
    }
    if (status === 503) return sendProblem(reply, makeProblem(ErrorCode.OVERLOADED), { 'retry-after': '10' })
    if (isTransientDatabaseError(err)) {
      // Busy or briefly unreachable database: the transaction rolled back, so the client can safely retry.
      req.log.warn({ err }, 'database unavailable or overloaded')
      return sendProblem(reply, makeProblem(ErrorCode.OVERLOADED), { 'retry-after': '5' })
    }
    req.log.error({ err }, 'request failed')
    return sendProblem(reply, makeProblem(ErrorCode.INTERNAL))
  })
}
