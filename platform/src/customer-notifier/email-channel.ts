import { Inject, Injectable, type OnModuleDestroy, Optional } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { CORE_CONFIG, type CoreConfig, type SmtpConfig } from '../config';

/** What one e-mail attempt did (never the message or the address). */
export interface ChannelAttempt {
  delivered: boolean;
  /** Short reason when not delivered, e.g. `SMTP 550`, `ETIMEDOUT`. */
  error: string | null;
}

/**
 * E-mail through the deployment's SMTP server (`SMTP_*`, see `config.ts`) with nodemailer: plain text
 * only (no tracking pixels, no remote content), TLS required unless the deployment says otherwise.
 * Without `SMTP_HOST` the channel is unavailable and the notifier skips it.
 */
@Injectable()
export class EmailChannel implements OnModuleDestroy {
  private readonly config: SmtpConfig | null;
  private transporter: Transporter | null = null;

  constructor(@Optional() @Inject(CORE_CONFIG) core?: CoreConfig) {
    this.config = core?.notificationChannels?.email ?? null;
  }

  get available(): boolean {
    return this.config !== null;
  }

  async send(message: { to: string; subject: string; text: string }): Promise<ChannelAttempt> {
    const config = this.config;
    if (!config) return { delivered: false, error: 'e-mail is not configured on this deployment' };
    this.transporter ??= createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      requireTLS: config.requireTls && !config.secure,
      ...(config.auth ? { auth: { user: config.auth.user, pass: config.auth.password } } : {}),
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
    });
    try {
      await this.transporter.sendMail({
        from: config.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
      });
      return { delivered: true, error: null };
    } catch (error) {
      const failure = error as { responseCode?: number; code?: string; name?: string };
      return {
        delivered: false,
        error: failure.responseCode
          ? `SMTP ${failure.responseCode}`
          : (failure.code ?? failure.name ?? 'send failed'),
      };
    }
  }

  onModuleDestroy(): void {
    this.transporter?.close();
  }
}
