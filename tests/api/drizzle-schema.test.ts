// The drizzle schema (packages/db/src/schema.ts) against the database the SQL migrations build, on either backend.
import { schema, type Database } from '@meldpunt/db'
import { is, SQL } from 'drizzle-orm'
import { getTableConfig, PgDialect, PgTable, type IndexedColumn, type PgPolicyToOption } from 'drizzle-orm/pg-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { testDatabase } from '../helpers/database.js'

let db: Database
beforeAll(async () => {
  db = await testDatabase()
})

const configs = new Map(
  Object.values(schema)
    .flatMap((value: unknown) => (is(value, PgTable) ? [getTableConfig(value)] : []))
    .map((config) => [config.name, config]),
)
const dialect = new PgDialect()

const indexedColumn = (c: IndexedColumn) => `${c.name}${c.indexConfig?.order === 'desc' ? ' desc' : ''}`

/** Lower case, without quotes, parentheses or repeated spaces: how both sides are compared. */
const normal = (text: string) => text.toLowerCase().replace(/["()]/g, '').replace(/\s+/g, ' ').trim()

describe('drizzle schema', () => {
  it('declares every table the migrations create, and no other', async () => {
    const rows = await db.query<{ table_name: string }>(
      `select table_name from information_schema.tables
       where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'spatial_ref_sys' order by table_name`,
    )
    expect([...configs.keys()].sort()).toEqual(rows.map((r) => r.table_name))
  })

  it('declares every column with its type, nullability and whether it has a default', async () => {
    const rows = await db.query<{ table_name: string; column_name: string; type: string; not_null: boolean; has_default: boolean }>(
      `select c.relname as table_name, a.attname as column_name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null,
              (a.atthasdef or a.attidentity <> '') as has_default
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace s on s.oid = c.relnamespace
       where s.nspname = 'public' and c.relkind = 'r' and c.relname <> 'spatial_ref_sys' and a.attnum > 0 and not a.attisdropped
       order by 1, 2`,
    )
    const declared = [...configs.values()].flatMap((config) =>
      config.columns.map((column) => ({
        table_name: config.name,
        column_name: column.name,
        type: normal(column.getSQLType()),
        not_null: column.notNull,
        has_default: column.hasDefault,
      })),
    )
    const migrated = rows.map((r) => ({ ...r, type: normal(r.type) }))
    const key = (c: { table_name: string; column_name: string }) => `${c.table_name}.${c.column_name}`
    expect(declared.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(migrated.sort((a, b) => key(a).localeCompare(key(b))))
  })

  it('declares every primary key, unique constraint and index', async () => {
    const rows = await db.query<{ table_name: string; name: string; definition: string; constraint_type: string | null }>(
      `select i.tablename as table_name, i.indexname as name, i.indexdef as definition, k.contype::text as constraint_type
       from pg_indexes i left join pg_constraint k on k.conname = i.indexname and k.contype in ('p', 'u')
       where i.schemaname = 'public' and i.tablename <> 'spatial_ref_sys' order by 1, 2`,
    )
    const migrated = rows.map((r) => {
      const [, unique, method, columns, where] = /^CREATE (UNIQUE )?INDEX \S+ ON \S+ USING (\w+) \((.*?)\)(?: WHERE (.*))?$/.exec(r.definition) ?? []
      return {
        table: r.table_name,
        name: r.name,
        kind: r.constraint_type === 'p' ? 'primary key' : r.constraint_type === 'u' ? 'unique' : unique ? 'unique index' : 'index',
        method,
        columns: normal(columns ?? r.definition),
        where: where === undefined ? null : normal(where),
      }
    })
    const declared = [...configs.values()].flatMap((config) => {
      const primary = config.primaryKeys[0]?.columns ?? config.columns.filter((c) => c.primary)
      return [
        { table: config.name, name: `${config.name}_pkey`, kind: 'primary key', method: 'btree', columns: primary.map((c) => c.name).join(', '), where: null },
        ...config.uniqueConstraints.map((u) => ({ table: config.name, name: u.name ?? '', kind: 'unique', method: 'btree', columns: u.columns.map((c) => c.name).join(', '), where: null })),
        ...config.indexes.map(({ config: i }) => ({
          table: config.name,
          name: i.name ?? '',
          kind: i.unique ? 'unique index' : 'index',
          method: i.method ?? 'btree',
          columns: i.columns.map((c) => (is(c, SQL) ? normal(dialect.sqlToQuery(c).sql) : indexedColumn(c as IndexedColumn))).join(', '),
          where: i.where ? normal(dialect.sqlToQuery(i.where).sql) : null,
        })),
      ]
    })
    const key = (i: { table: string; name: string }) => `${i.table}.${i.name}`
    expect(declared.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(migrated.sort((a, b) => key(a).localeCompare(key(b))))
  })

  it('declares every foreign key with its target and delete rule', async () => {
    const rows = await db.query<{ key: string }>(
      `select c.relname || ' (' || array_to_string(array(select attname from unnest(k.conkey) with ordinality u(n, i)
                 join pg_attribute on attrelid = k.conrelid and attnum = u.n order by u.i), ', ') || ') -> '
              || f.relname || ' (' || array_to_string(array(select attname from unnest(k.confkey) with ordinality u(n, i)
                 join pg_attribute on attrelid = k.confrelid and attnum = u.n order by u.i), ', ') || ') on delete '
              || k.confdeltype::text as key
       from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class f on f.oid = k.confrelid
       join pg_namespace s on s.oid = c.relnamespace
       where k.contype = 'f' and s.nspname = 'public' order by 1`,
    )
    const deleteRules = { 'no action': 'a', restrict: 'r', cascade: 'c', 'set null': 'n', 'set default': 'd' } as const
    const declared = [...configs.values()].flatMap((config) =>
      config.foreignKeys.map((fk) => {
        const { columns, foreignTable, foreignColumns } = fk.reference()
        const names = (cs: { name: string }[]) => cs.map((c) => c.name).join(', ')
        return `${config.name} (${names(columns)}) -> ${getTableConfig(foreignTable).name} (${names(foreignColumns)}) on delete ${deleteRules[fk.onDelete ?? 'no action']}`
      }),
    )
    expect(declared.sort()).toEqual(rows.map((r) => r.key).sort())
  })

  it('declares row-level security and every policy with its command and role', async () => {
    const rows = await db.query<{ table_name: string; rls: boolean; policies: string[] }>(
      `select c.relname as table_name, c.relrowsecurity as rls,
              coalesce(array_agg(p.polname || ' ' || p.polcmd::text || ' ' || array_to_string(array(select rolname from pg_roles where oid = any(p.polroles) order by 1), ',') order by p.polname)
                       filter (where p.polname is not null), '{}') as policies
       from pg_class c join pg_namespace s on s.oid = c.relnamespace left join pg_policy p on p.polrelid = c.oid
       where s.nspname = 'public' and c.relkind = 'r' and c.relname <> 'spatial_ref_sys'
       group by c.relname, c.relrowsecurity order by 1`,
    )
    const roleNames = (to: PgPolicyToOption): string[] => (Array.isArray(to) ? to.flatMap(roleNames) : [typeof to === 'string' ? to : to.name])
    const commands = { all: '*', select: 'r', insert: 'a', update: 'w', delete: 'd' } as const
    const declared = [...configs.values()]
      .map((config) => ({
        table_name: config.name,
        rls: config.enableRLS || config.policies.length > 0,
        policies: config.policies
          .map((p) => `${p.name} ${commands[p.for ?? 'all']} ${p.to === undefined ? '' : roleNames(p.to).join(',')}`)
          .sort(),
      }))
      .sort((a, b) => a.table_name.localeCompare(b.table_name))
    expect(declared).toEqual(rows)
  })
})
