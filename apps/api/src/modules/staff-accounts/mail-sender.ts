// Sends a one-time sign-in link by mail when SMTP is configured (nodemailer: a well-kept client that does STARTTLS,
// SMTPS, auth and connection handling we should not write ourselves). Without SMTP the admin passes the link on.
import nodemailer, { type Transporter } from 'nodemailer'
import type { SignInLinkSender } from './service.js'

export interface MailConfig {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465. */
  url: string
  from: string
  /** Where staff open the dashboard, e.g. https://meldpunt.example: links in mail must be absolute. */
  appUrl: string
}

const TEXT = {
  invite: {
    subject: 'Uitnodiging voor het Meldpunt-dashboard / Invitation to the Meldpunt dashboard',
    nl: 'U bent uitgenodigd voor het Meldpunt-dashboard van uw gemeente. Open deze link om een wachtwoord te kiezen:',
    en: 'You have been invited to your municipality\'s Meldpunt dashboard. Open this link to choose a password:',
  },
  reset: {
    subject: 'Nieuw wachtwoord voor het Meldpunt-dashboard / New password for the Meldpunt dashboard',
    nl: 'Uw beheerder heeft een nieuwe inloglink voor u gemaakt. Open deze link om een nieuw wachtwoord te kiezen:',
    en: 'Your administrator made a new sign-in link for you. Open this link to choose a new password:',
  },
} as const

export function linkMail(purpose: 'invite' | 'reset', link: string, hours: number): { subject: string; text: string } {
  const t = TEXT[purpose]
  return {
    subject: t.subject,
    text: [
      t.nl, '', link, '',
      `De link werkt één keer en verloopt na ${hours} uur. Verwachtte u dit bericht niet? Dan kunt u het negeren.`,
      '', '---', '',
      t.en, '', link, '',
      `The link works once and expires after ${hours} hours. Not expecting this message? You can ignore it.`,
    ].join('\n'),
  }
}

export class SmtpLinkSender implements SignInLinkSender {
  private readonly transport: Transporter

  constructor(private readonly config: MailConfig, private readonly linkHours: number) {
    // No pooling: links are rare, and a broken connection must not outlive one send.
    this.transport = nodemailer.createTransport(config.url, { from: config.from })
  }

  async send(email: string, url: string, purpose: 'invite' | 'reset'): Promise<void> {
    const link = new URL(url, this.config.appUrl).href
    await this.transport.sendMail({ to: email, ...linkMail(purpose, link, this.linkHours) })
  }

  close(): void {
    this.transport.close()
  }
}
