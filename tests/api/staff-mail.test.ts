// Sign-in links by mail when SMTP is configured: a real SMTP server on loopback (smtp-server, the nodemailer
// project's) receives the invitation and the reset with the same absolute link the admin sees; a mail server that is
// down never loses the invitation (the admin still gets the link).
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { loadConfig, ConfigError } from '../../apps/api/src/config.js'
import { resetData } from '../helpers/database.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'
import { createStaff, login, STAFF_TEST_CONFIG } from '../helpers/staff.js'

interface Mail { from: string; to: string[]; raw: string }

let smtp: SMTPServer
let port = 0
const mails: Mail[] = []
let t: TestApp

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
  port = (smtp.server.address() as AddressInfo).port
  t = await buildTestApp({ ...STAFF_TEST_CONFIG, SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: 'meldpunt@gemeente.example', PUBLIC_BASE_URL: 'https://meldpunt.gemeente.example' })
})
afterAll(async () => {
  await resetData(t.database)
  await t.close()
  await new Promise<void>((resolve) => smtp.close(() => resolve()))
})
beforeEach(async () => {
  mails.length = 0
  await resetData(t.database)
})

async function textOf(mail: Mail): Promise<{ subject: string; text: string }> {
  const parsed = await simpleParser(mail.raw)
  return { subject: parsed.subject ?? '', text: parsed.text ?? '' }
}

describe('sign-in links by mail', () => {
  it('mails the invitation and the reset, each with the absolute one-time link the admin sees', async () => {
    await createStaff(t.database, 'admin@ams.nl', 'admin', 'GM0363')
    const admin = await login(t.app, 'admin@ams.nl')
    const invited = await admin.post('/api/v1/staff/accounts', { payload: { email: 'nieuw@ams.nl', role: 'analyst' } })
    expect(invited.statusCode, invited.body).toBe(201)
    expect(invited.json().mailed).toBe(true)
    const link = `https://meldpunt.gemeente.example${invited.json().url}`
    await expect.poll(() => mails.length).toBe(1)
    expect(mails[0]).toMatchObject({ from: 'meldpunt@gemeente.example', to: ['nieuw@ams.nl'] })
    const invitation = await textOf(mails[0]!)
    expect(invitation.subject).toContain('Uitnodiging')
    expect(invitation.text).toContain(link)
    expect(invitation.text).toContain('72 uur')

    // The mailed link is the real one: it sets a password once.
    const token = link.split('#/link/')[1]!
    const accepted = await t.app.inject({ method: 'POST', url: '/api/v1/staff/sign-in-links/accept', payload: { token, password: 'a long walk along the Amstel river' } })
    expect(accepted.statusCode).toBe(200)

    const reset = await admin.post(`/api/v1/staff/accounts/${invited.json().account.id}/reset`)
    expect(reset.statusCode).toBe(200)
    await expect.poll(() => mails.length).toBe(2)
    const again = await textOf(mails[1]!)
    expect(again.subject).toContain('Nieuw wachtwoord')
    expect(again.text).toContain(`https://meldpunt.gemeente.example${reset.json().url}`)
  })

  it('still shows the link when the mail server is down, and says it was not mailed', async () => {
    const down = await buildTestApp({ ...STAFF_TEST_CONFIG, SMTP_URL: 'smtp://127.0.0.1:1', SMTP_FROM: 'meldpunt@gemeente.example', PUBLIC_BASE_URL: 'https://meldpunt.gemeente.example' })
    try {
      await createStaff(down.database, 'admin@ams.nl', 'admin', 'GM0363')
      const admin = await login(down.app, 'admin@ams.nl')
      const invited = await admin.post('/api/v1/staff/accounts', { payload: { email: 'nieuw@ams.nl', role: 'analyst' } })
      expect(invited.statusCode, invited.body).toBe(201)
      expect(invited.json()).toMatchObject({ mailed: false, url: expect.stringMatching(/#\/link\//) })
    } finally {
      await down.close()
    }
  })

  it('without SMTP nothing is mailed and the answer says so; SMTP without a sender or base address stops the boot', async () => {
    const plain = await buildTestApp(STAFF_TEST_CONFIG)
    try {
      await createStaff(plain.database, 'admin@ams.nl', 'admin', 'GM0363')
      const admin = await login(plain.app, 'admin@ams.nl')
      const invited = await admin.post('/api/v1/staff/accounts', { payload: { email: 'nieuw@ams.nl', role: 'analyst' } })
      expect(invited.json().mailed).toBe(false)
      expect(mails).toHaveLength(0)
    } finally {
      await plain.close()
    }
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example:587' })).toThrow(ConfigError)
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example:587', SMTP_FROM: 'a@b.nl' })).toThrow(/PUBLIC_BASE_URL/)
    expect(loadConfig({ SMTP_URL: 'smtp://mail.example:587', SMTP_FROM: 'a@b.nl', PUBLIC_BASE_URL: 'https://m.example' }).SMTP_URL).toBe('smtp://mail.example:587')
  })
})
