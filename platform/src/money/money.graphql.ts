import { Field, ObjectType } from '@nestjs/graphql';
import type { Money } from '@finpersona/plugin-sdk';

/**
 * Money in the API, shared by every type that carries an amount: integer minor units as a decimal string
 * (`"-1234"` EUR is −12.34 EUR) plus the ISO 4217 code — never a Float, so no amount is ever rounded
 * through binary floating point, and bigint amounts survive JSON. Same shape as the SDK's `Money`.
 */
@ObjectType('Money', {
  description: 'An amount in integer minor units (decimal string, may be signed) and its ISO 4217 currency.',
})
export class MoneyView {
  @Field(() => String, {
    description: 'Integer minor units as a decimal string, e.g. "-1234" for -12.34 EUR.',
  })
  minor!: string;

  @Field(() => String, { description: 'ISO 4217 code, e.g. "EUR".' })
  currency!: string;

  static of(money: Money): MoneyView {
    return Object.assign(new MoneyView(), { minor: money.minor, currency: money.currency });
  }
}
