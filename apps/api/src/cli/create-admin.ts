// `npm run create-admin -- --email … --municipality GM0363 --role admin`: creates a staff account; the password comes from
// MELDPUNT_STAFF_PASSWORD or standard input (typed without echo on a terminal), never from the command line.
import { createDatabase, loadMunicipalities, runMigrations, StaffUserExistsError } from '@meldpunt/db'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config.js'
import { createStaffAccount, StaffAccountError } from '../modules/staff/accounts.js'

const USAGE = `usage: npm run create-admin -- --email <address> [--municipality GM0363] [--role admin|analyst|campaign|national]
  The password is read from MELDPUNT_STAFF_PASSWORD, or from standard input.`

/** Reads one line; on a terminal the typed characters are not echoed (a password must not stay on screen). */
async function readPassword(prompt: string): Promise<string> {
  const stdin = process.stdin
  if (!stdin.isTTY) {
    let text = ''
    for await (const chunk of stdin) text += String(chunk)
    return text.replace(/\r?\n$/, '')
  }
  process.stderr.write(prompt)
  stdin.setRawMode(true)
  stdin.resume()
  stdin.setEncoding('utf8')
  return new Promise((resolve, reject) => {
    let value = ''
    const onData = (key: string) => {
      for (const ch of key) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false)
          stdin.pause()
          stdin.off('data', onData)
          process.stderr.write('\n')
          resolve(value)
          return
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false)
          reject(new Error('cancelled'))
          return
        }
        if (ch === '\u007f') value = value.slice(0, -1)
        else value += ch
      }
    }
    stdin.on('data', onData)
  })
}

async function main(): Promise<number> {
  let args
  try {
    args = parseArgs({ options: { email: { type: 'string' }, municipality: { type: 'string' }, role: { type: 'string', default: 'admin' } } }).values
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`)
    return 2
  }
  if (!args.email) {
    console.error(USAGE)
    return 2
  }
  const password = process.env.MELDPUNT_STAFF_PASSWORD || (await readPassword('Password (at least 15 characters, not a common one): '))
  const config = loadConfig(process.env, { tool: true })
  const db = await createDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR })
  try {
    await runMigrations(db)
    await loadMunicipalities(db)
    const account = await createStaffAccount(db, { email: args.email, role: args.role ?? 'admin', municipality: args.municipality ?? null, password })
    console.log(`created ${account.role} account ${account.email}${account.municipality ? ` for ${account.municipality}` : ' (national)'}`)
    return 0
  } catch (error) {
    if (error instanceof StaffAccountError || error instanceof StaffUserExistsError) {
      console.error(`refused: ${error.message}`)
      return 1
    }
    throw error
  } finally {
    await db.close()
  }
}

process.exitCode = await main()
