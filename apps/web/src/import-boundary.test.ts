// The browser bundles take nothing at run time from server code: only types may come from the API, the database
// package or Node's own modules. Shared pure packages (core, analytics) may be imported as values.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const WEB_SRC = fileURLToPath(new URL('.', import.meta.url))

/** Specifiers that name server code: the API app, the database package, Node built-ins and server libraries. */
const SERVER = [/^node:/, /^@meldpunt\/(db|api)(\/|$)/, /^(fs|path|crypto|http|https|net|os|child_process|stream|url|zlib)$/, /^(pg|fastify|pino|drizzle-orm)(\/|$)/]
/** Relative imports are checked by where they lead. */
const SERVER_FOLDERS = /[\\/](apps[\\/]api|packages[\\/]db)[\\/]/

export interface ValueImport {
  specifier: string
  line: number
}

/** Imports, re-exports and dynamic import() calls of `source` that bring values (not types only) from server code. */
export function serverValueImports(source: string, fileName: string): ValueImport[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true)
  const found: ValueImport[] = []
  const isServer = (specifier: string) =>
    specifier.startsWith('.') ? SERVER_FOLDERS.test(resolve(dirname(fileName), specifier)) : SERVER.some((re) => re.test(specifier))
  const report = (node: ts.Node, specifier: string) => {
    if (isServer(specifier)) found.push({ specifier, line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1 })
  }
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined && clause.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)))
      if (!typeOnly) report(node, node.moduleSpecifier.text)
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly = node.isTypeOnly || (node.exportClause !== undefined && ts.isNamedExports(node.exportClause) && node.exportClause.elements.every((e) => e.isTypeOnly))
      if (!typeOnly) report(node, node.moduleSpecifier.text)
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments
      if (arg && ts.isStringLiteralLike(arg)) report(node, arg.text)
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      if (!node.isTypeOnly) report(node, node.moduleReference.expression.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return sourceFiles(path)
    return /\.(ts|js|mjs)$/.test(e.name) && !/\.test\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : []
  })
}

describe('the import checker', () => {
  it('finds value imports from server code in every form, and lets types through', () => {
    const source = [
      "import { createDatabase } from '@meldpunt/db'",
      "import { readFileSync } from 'node:fs'",
      "import 'node:crypto'",
      "import * as db from '@meldpunt/db'",
      "import Default from '../../api/src/app.js'",
      "import { type Database, schema } from '@meldpunt/db'",
      "export { buildApp } from '../../api/src/app.js'",
      "const lazy = await import('@meldpunt/db')",
      "import type { Database } from '@meldpunt/db'",
      "import { type Config } from '../../api/src/config.js'",
      "export type { Database } from '@meldpunt/db'",
      "import { h } from './dom.js'",
      "import { taxonomyLabel } from '@meldpunt/core/taxonomy'",
      "import type { Map } from 'maplibre-gl'",
    ].join('\n')
    expect(serverValueImports(source, join(WEB_SRC, 'example.ts')).map((f) => f.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
  })
})

describe('apps/web', () => {
  it('imports nothing but types from the API, the database package or Node', () => {
    const files = sourceFiles(WEB_SRC)
    expect(files.length).toBeGreaterThan(30)
    const offending = files.flatMap((path) => serverValueImports(readFileSync(path, 'utf8'), path).map((f) => `${relative(WEB_SRC, path)}:${f.line} ${f.specifier}`))
    expect(offending).toEqual([])
  })
})
