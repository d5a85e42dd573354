import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  createRequestContext,
  currentContext,
  requireContext,
  runAsTenant,
  runInContext,
} from './request-context';

const tenant = { id: '00000000-0000-4000-8000-000000000001', slug: 'demo-bank', realm: 'demo-bank' };

describe('request context', () => {
  it('follows awaited code and keeps concurrent requests apart', async () => {
    const seen = await Promise.all(
      ['a', 'b'].map((requestId) =>
        runInContext(createRequestContext({ requestId }), async () => {
          await sleep(requestId === 'a' ? 20 : 1);
          return requireContext().requestId;
        }),
      ),
    );
    expect(seen).toEqual(['a', 'b']);
  });

  it('is absent outside a request, and requireContext says how to fix that', () => {
    expect(currentContext()).toBeUndefined();
    expect(() => requireContext()).toThrow(/runAsTenant/);
  });

  it('runAsTenant gives background code a tenant and no principal', async () => {
    const result = await runAsTenant(tenant, async () => {
      const context = requireContext();
      return {
        tenant: context.tenant,
        principal: context.principal,
        roles: context.roles,
        requestId: context.requestId,
      };
    });
    expect(result).toMatchObject({ tenant, principal: undefined, roles: [] });
    expect(result.requestId).toMatch(/^job-/);
  });

  it('derives roles from the principal once it is known', () => {
    const context = createRequestContext({});
    expect(context.roles).toEqual([]);
    context.principal = {
      kind: 'bank',
      subject: 's',
      realm: 'demo-bank',
      username: undefined,
      displayName: undefined,
      roles: ['customer'],
    };
    expect(context.roles).toEqual(['customer']);
  });
});
