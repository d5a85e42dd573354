import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { Forbidden, Invalid } from './errors';
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
});
