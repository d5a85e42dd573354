import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { Forbidden, Invalid, RateLimited } from './errors';
import { toClientError } from './format';

describe('toClientError', () => {
  it('keeps the message and code of an app error raised in a resolver, with the request id', () => {
    const wrapped = new GraphQLError('ignored', {
      originalError: new Forbidden('Only bank staff may list customers.'),
      path: ['customers'],
    });
    expect(toClientError(wrapped, 'req-1')).toEqual({
      message: 'Only bank staff may list customers.',
      path: ['customers'],
      extensions: { code: 'FORBIDDEN', requestId: 'req-1' },
    });
  });

  it('exposes field problems of INVALID input as extensions', () => {
    const error = Invalid.fields([{ field: 'first', problem: 'must be between 1 and 100' }]);
    expect(toClientError(error, 'req-2').extensions).toEqual({
      code: 'INVALID',
      requestId: 'req-2',
      fields: [{ field: 'first', problem: 'must be between 1 and 100' }],
    });
  });

  it('masks unexpected errors as INTERNAL and logs the details with the request id', () => {
    const log = { error: vi.fn() };
    const client = toClientError(
      new GraphQLError('x', { originalError: new Error('password=hunter2 at db.ts:12') }),
      'req-3',
      log,
    );
    expect(client.message).not.toContain('hunter2');
    expect(JSON.stringify(client)).not.toContain('stack');
    expect(client.extensions).toEqual({ code: 'INTERNAL', requestId: 'req-3' });
    expect(log.error).toHaveBeenCalledWith(
      'unexpected error',
      expect.objectContaining({ requestId: 'req-3' }),
    );
  });

  it('reports a query that fails validation as INVALID with its own message', () => {
    const client = toClientError(new GraphQLError('Cannot query field "nope" on type "Query".'), 'req-4');
    expect(client).toMatchObject({
      message: 'Cannot query field "nope" on type "Query".',
      extensions: { code: 'INVALID' },
    });
  });

  it('cuts "Did you mean" suggestions from GraphQL validation messages (they leak the schema)', () => {
    const error = new GraphQLError(
      'Cannot query field "custmers" on type "Query". Did you mean "customers"?',
    );
    expect(toClientError(error, 'req-3')).toEqual({
      message: 'Cannot query field "custmers" on type "Query".',
      extensions: { code: 'INVALID', requestId: 'req-3' },
    });
    const enumError = new GraphQLError(
      'Value "ACTIV" does not exist in "TenantStatus" enum. Did you mean the enum value "ACTIVE"?',
    );
    expect(toClientError(enumError, 'req-4').message).toBe(
      'Value "ACTIV" does not exist in "TenantStatus" enum.',
    );
  });

  it('maps RateLimited to RATE_LIMITED', () => {
    expect(toClientError(new RateLimited('Too many requests.'), 'req-5')).toEqual({
      message: 'Too many requests.',
      extensions: { code: 'RATE_LIMITED', requestId: 'req-5' },
    });
  });
});
