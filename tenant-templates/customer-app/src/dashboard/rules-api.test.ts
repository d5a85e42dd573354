import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackApi, startLoopbackApi } from '../api/loopback-api.ts';
import { simpleConditions, updateRule } from './rules-api.ts';

let loopback: LoopbackApi;
beforeAll(async () => {
  loopback = await startLoopbackApi('demo-bank');
});
afterAll(() => loopback.close());

describe('rule API calls', () => {
  it('sends an edit as updateCustomerRule: the simple conditions for a new text, nothing it does not change', async () => {
    loopback.answer = { data: { updateCustomerRule: { id: 'r1' } } };
    loopback.received.length = 0;
    await updateRule(loopback.api, 'token-1', 'r1', {
      text: 'Bistro',
      category: 'eating-out',
      enabled: false,
    });
    expect(loopback.received[0]!.body.variables).toEqual({
      id: 'r1',
      input: { enabled: false, category: 'eating-out', conditions: simpleConditions('Bistro') },
    });
    // A rule of other conditions (a suggestion's) keeps them; an alert rule sends no category.
    await updateRule(loopback.api, 'token-1', 'r2', { enabled: true });
    expect(loopback.received[1]!.body.variables).toEqual({ id: 'r2', input: { enabled: true } });
  });
});
