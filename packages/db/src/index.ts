// @meldpunt/db: schema, connection factory for PGlite or PostgreSQL, migration runner and repositories.
export * from './database.js'
export * from './migrate.js'
export * from './municipalities.js'
export * from './reports-repository.js'
export * as schema from './schema.js'
export * from './bulk-insert.js'
