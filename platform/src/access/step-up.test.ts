import { describe, expect, it } from 'vitest';
import { StepUpRequired, Unauthenticated } from '../errors';
import { createRequestContext, type Principal, type RequestContext, runInContext } from '../request-context';
import { requireStepUp } from './step-up';

const tenant = { id: '00000000-0000-4000-8000-000000000001', slug: 'demo-bank', realm: 'demo-bank' };

const officer = (amr: string[] | undefined): Principal => ({
  kind: 'bank',
  subject: 's',
  realm: 'demo-bank',
  username: 'compliance.officer',
  displayName: undefined,
  roles: ['compliance-officer'],
  client: 'finpersona-admin',
  authentication: amr === undefined ? undefined : { acr: 'password', amr, secondFactor: amr.includes('otp') },
});

function as(principal: Principal | undefined): { context: RequestContext; run: () => void } {
  const context = createRequestContext({});
  context.principal = principal;
  context.tenant = tenant;
  return { context, run: () => runInContext(context, () => requireStepUp('export the audit trail')) };
}

describe('requireStepUp', () => {
  it('passes a token whose amr shows the one-time code, and records nothing', () => {
    const { context, run } = as(officer(['pwd', 'otp']));
    expect(run).not.toThrow();
    expect(context.deniedAttempts).toEqual([]);
  });

  it.each([
    ['password only', ['pwd']],
    ['no amr claim', []],
    ['no authentication known', undefined],
  ])(
    '%s: STEP_UP_REQUIRED with the acr_values to ask for, and the denial is noted for the audit trail',
    (_label, amr) => {
      const { context, run } = as(officer(amr));
      let thrown: unknown;
      try {
        run();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(StepUpRequired);
      expect((thrown as StepUpRequired).details).toEqual({ acrValues: 'mfa', maxAgeSeconds: 900 });
      expect((thrown as StepUpRequired).message).toMatch(/one-time code/);
      expect(context.deniedAttempts).toEqual([
        expect.objectContaining({ action: 'export the audit trail', code: 'STEP_UP_REQUIRED', tenant }),
      ]);
    },
  );

  it('an anonymous caller is asked to sign in, not to step up', () => {
    expect(as(undefined).run).toThrow(Unauthenticated);
  });
});
