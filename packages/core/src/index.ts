// Public surface of @meldpunt/core: taxonomy, referral rules, intake schemas, error codes and receipt codes.

export * from './taxonomy.js'
export * from './help.js'
export * from './report-schema.js'
export * from './errors.js'
export * from './field-errors.js'
export * from './receipt-code.js'
export * from './time-rules.js'
