import { buildSchema, execute, GraphQLError, GraphQLScalarType, parse } from 'graphql';
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

  it("reports variables GraphQL cannot coerce as INVALID with GraphQL's own words, not as INTERNAL", () => {
    const schema = buildSchema(`
      enum Outcome { ALLOWED DENIED }
      input Filter { name: String!, outcome: Outcome }
      type Query { entries(outcome: Outcome, filter: Filter, day: Day): Int }
      scalar Day
    `);
    Object.assign(schema.getType('Day') as GraphQLScalarType, {
      parseValue: (value: unknown) => {
        throw Invalid.fields([
          { field: 'day', problem: `must be a date as YYYY-MM-DD (got ${String(value)})` },
        ]);
      },
    });
    const errorsOf = (variables: Record<string, unknown>) => {
      const result = execute({
        schema,
        document: parse(
          'query ($o: Outcome, $f: Filter, $d: Day) { entries(outcome: $o, filter: $f, day: $d) }',
        ),
        variableValues: variables,
      }) as { errors?: readonly GraphQLError[] };
      expect(result.errors, JSON.stringify(variables)).toHaveLength(1);
      return toClientError(result.errors![0], 'req-6', log);
    };
    const log = { error: vi.fn() };
    // An enum value in the wrong case, and a null for a required field inside an input object.
    expect(errorsOf({ o: 'allowed' })).toMatchObject({
      message: expect.stringMatching(
        /^Variable "\$o" got invalid value "allowed"; Value "allowed" does not exist in "Outcome" enum\.$/,
      ),
      extensions: { code: 'INVALID', requestId: 'req-6' },
    });
    expect(errorsOf({ f: { name: null } })).toMatchObject({
      message: expect.stringContaining('Expected non-nullable type "String!" not to be null'),
      extensions: { code: 'INVALID' },
    });
    // A scalar's own typed refusal keeps its code and field problems.
    expect(errorsOf({ d: 'soon' })).toMatchObject({
      extensions: {
        code: 'INVALID',
        fields: [{ field: 'day', problem: 'must be a date as YYYY-MM-DD (got soon)' }],
      },
    });
    expect(log.error).not.toHaveBeenCalled();
  });

  it('still masks an unexpected error a scalar throws while coercing a variable', () => {
    const log = { error: vi.fn() };
    const inner = new GraphQLError('Expected type "Day". db down at pool.ts:9', {
      originalError: new Error('db down at pool.ts:9'),
    });
    const outer = new GraphQLError('Variable "$d" got invalid value "x"; db down at pool.ts:9', {
      originalError: inner,
    });
    expect(toClientError(outer, 'req-7', log).extensions).toEqual({ code: 'INTERNAL', requestId: 'req-7' });
    expect(log.error).toHaveBeenCalled();
  });

  it('maps RateLimited to RATE_LIMITED', () => {
    expect(toClientError(new RateLimited('Too many requests.'), 'req-5')).toEqual({
      message: 'Too many requests.',
      extensions: { code: 'RATE_LIMITED', requestId: 'req-5' },
    });
  });
});
