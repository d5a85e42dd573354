import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import type { NotificationPreferences, PushSubscriptionSummary } from './notification-preferences.service';

@ObjectType('QuietHours', {
  description: 'A daily window (local time, 24-hour `HH:MM`; may cross midnight).',
})
export class QuietHoursView {
  @Field(() => String) start!: string;
  @Field(() => String) end!: string;
}

@InputType('QuietHoursInput')
export class QuietHoursInput {
  @Field(() => String, { description: '`HH:MM`, inclusive.' }) start!: string;
  @Field(() => String, { description: '`HH:MM`, exclusive; before `start` crosses midnight.' }) end!: string;
}

@ObjectType('PushSubscription', {
  description: 'One of your browsers subscribed to web push (no endpoint shown).',
})
export class PushSubscriptionView {
  @Field(() => ID) id!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) lastSentAt!: Date | null;

  static of(summary: PushSubscriptionSummary): PushSubscriptionView {
    return Object.assign(new PushSubscriptionView(), summary);
  }
}

@ObjectType('NotificationPreferences', {
  description:
    'How you want to be told about things outside the app: the in-app inbox, e-mail and web push, and quiet hours during which e-mail and push wait (urgent service messages excepted).',
})
export class NotificationPreferencesView {
  @Field(() => Boolean, {
    description: 'Insights and offers in the in-app inbox (service messages always arrive).',
  })
  inAppEnabled!: boolean;
  @Field(() => Boolean) emailEnabled!: boolean;
  @Field(() => Boolean) pushEnabled!: boolean;
  @Field(() => String, { nullable: true, description: 'Where e-mail notifications go.' }) email!:
    string | null;
  @Field(() => QuietHoursView, { nullable: true }) quietHours!: QuietHoursView | null;
  @Field(() => String, { nullable: true, description: 'IANA time zone your quiet hours follow.' })
  timeZone!: string | null;
  @Field(() => [PushSubscriptionView]) pushSubscriptions!: PushSubscriptionView[];
  @Field(() => Boolean, { description: 'Whether this bank sends e-mail notifications.' })
  emailOffered!: boolean;
  @Field(() => Boolean, { description: 'Whether this bank sends web push notifications.' })
  pushOffered!: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'The VAPID public key (base64url) to subscribe a browser with (`applicationServerKey`).',
  })
  pushPublicKey!: string | null;

  static of(
    preferences: NotificationPreferences,
    pushSubscriptions: PushSubscriptionSummary[],
    offered: { email: boolean; push: boolean; pushPublicKey: string | null },
  ): NotificationPreferencesView {
    return Object.assign(new NotificationPreferencesView(), {
      ...preferences,
      quietHours: preferences.quietHours ? Object.assign(new QuietHoursView(), preferences.quietHours) : null,
      pushSubscriptions: pushSubscriptions.map((summary) => PushSubscriptionView.of(summary)),
      emailOffered: offered.email,
      pushOffered: offered.push,
      pushPublicKey: offered.pushPublicKey,
    });
  }
}

@InputType('NotificationPreferencesInput', {
  description:
    'Fields left out stay as they are; `email`, `quietHours` and `timeZone` set to null clear them.',
})
export class NotificationPreferencesInput {
  @Field(() => Boolean, { nullable: true }) inAppEnabled?: boolean | null;
  @Field(() => Boolean, { nullable: true }) emailEnabled?: boolean | null;
  @Field(() => Boolean, { nullable: true }) pushEnabled?: boolean | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => QuietHoursInput, { nullable: true }) quietHours?: QuietHoursInput | null;
  @Field(() => String, { nullable: true }) timeZone?: string | null;
}

@InputType('PushSubscriptionInput', {
  description: "A browser's `PushSubscription.toJSON()`: endpoint and keys.",
})
export class PushSubscriptionInput {
  @Field(() => String) endpoint!: string;
  @Field(() => String, { description: 'keys.p256dh (base64url).' }) p256dh!: string;
  @Field(() => String, { description: 'keys.auth (base64url).' }) auth!: string;
}
