/** Where the token verifier gets "now"; injectable so a test can move time forward. */
export interface Clock {
  now(): Date;
}

export const IDENTITY_CLOCK = Symbol('IDENTITY_CLOCK');

export const systemClock: Clock = { now: () => new Date() };
