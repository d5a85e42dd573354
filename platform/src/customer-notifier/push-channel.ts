import { Inject, Injectable, Optional } from '@nestjs/common';
import { generateRequestDetails } from 'web-push';
import { CORE_CONFIG, type CoreConfig, type WebPushConfig } from '../config';
import { sendWebhook, webhookUrlProblems } from '../webhooks';
import type { ChannelAttempt } from './email-channel';

/** A browser's push subscription as `PushSubscription.toJSON()` gives it. */
export interface WebPushTarget {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/**
 * Web push: the payload is encrypted for the subscription (RFC 8291, `aes128gcm`) and signed for the
 * push service with the deployment's VAPID key (RFC 8292) by the `web-push` package, then POSTed through
 * the same guarded sender as webhooks (endpoints come from browsers: only public `https:` addresses, or
 * loopback when `WEB_PUSH_ALLOW_LOOPBACK`). Without VAPID keys the channel is unavailable.
 */
@Injectable()
export class PushChannel {
  private readonly config: WebPushConfig | null;

  constructor(@Optional() @Inject(CORE_CONFIG) core?: CoreConfig) {
    this.config = core?.notificationChannels?.push ?? null;
  }

  get available(): boolean {
    return this.config !== null;
  }

  /** The VAPID public key browsers subscribe with (`applicationServerKey`), or null without push. */
  get publicKey(): string | null {
    return this.config?.vapidPublicKey ?? null;
  }

  /** Problems with an endpoint a browser gave (field `endpoint`), empty when it may be used. */
  endpointProblems(endpoint: string): { field: string; problem: string }[] {
    return webhookUrlProblems(endpoint, this.config?.allowLoopback ?? false).map((problem) => ({
      ...problem,
      field: 'endpoint',
    }));
  }

  /**
   * Sends `payload` (JSON text) to one subscription. `gone` when the push service says the subscription
   * no longer exists (404, 410): the caller removes it.
   */
  async send(target: WebPushTarget, payload: string): Promise<ChannelAttempt & { gone: boolean }> {
    const config = this.config;
    if (!config)
      return { delivered: false, gone: false, error: 'web push is not configured on this deployment' };
    let details: ReturnType<typeof generateRequestDetails>;
    try {
      details = generateRequestDetails(target, payload, {
        vapidDetails: {
          subject: config.subject,
          publicKey: config.vapidPublicKey,
          privateKey: config.vapidPrivateKey,
        },
        TTL: config.ttlSeconds,
        contentEncoding: 'aes128gcm',
      });
    } catch (error) {
      return {
        delivered: false,
        gone: false,
        error: `the subscription's keys are unusable (${(error as Error).name})`,
      };
    }
    const result = await sendWebhook(details.endpoint, details.body ?? Buffer.alloc(0), details.headers, {
      timeoutMs: config.timeoutMs,
      allowLoopback: config.allowLoopback,
    });
    return {
      delivered: result.delivered,
      gone: result.statusCode === 404 || result.statusCode === 410,
      error: result.error,
    };
  }
}
