import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { withoutSuggestions } from '../errors/format';
import { describeTokenLimit, graphqlParseOptions, graphqlValidationRules } from './graphql-limits';

const schema = buildSchema(`
  type Node { id: ID! name: String child: Node children(first: Int): [Node!]! }
  type Query { node: Node nodes(first: Int): [Node!]! }
`);
const limits = {
  maxDepth: 4,
  maxAliases: 2,
  maxDirectives: 2,
  maxCost: 200,
  maxTokens: 60,
  introspection: false,
  bodyLimitBytes: 1024,
  signedInBodyLimitBytes: 1024,
};

function messages(query: string, overrides: Partial<typeof limits> = {}): string[] {
  const rules = graphqlValidationRules({ ...limits, ...overrides });
  return validate(schema, parse(query), [...specifiedRules, ...rules]).map((error) => error.message);
}

describe('GraphQL validation limits', () => {
  it('accepts a query within every limit', () => {
    expect(messages('{ a: node { id } b: node { name child { id } } }')).toEqual([]);
  });

  it('refuses nesting deeper than the depth limit, fragments included, naming the limit', () => {
    expect(messages('{ node { child { child { child { id } } } } }')).toEqual([
      'Query depth limit of 4 exceeded, found 5. Ask for fewer nested levels.',
    ]);
    expect(
      messages('{ node { ...deep } } fragment deep on Node { child { child { child { id } } } }'),
    ).toHaveLength(1);
  });

  it('refuses more aliases than allowed, also when hidden in a fragment', () => {
    expect(messages('{ a: node { id } b: node { id } c: node { id } }')).toEqual([
      'Aliases limit of 2 exceeded, found 3. Use fewer aliased fields per request.',
    ]);
    expect(messages('{ node { ...f } } fragment f on Node { a: id b: id c: id }')).toHaveLength(1);
  });

  it('refuses more directives than allowed', () => {
    expect(messages('{ node @include(if: true) @skip(if: false) { id @include(if: true) } }')).toEqual([
      'Directives limit of 2 exceeded, found 3. Use fewer directives per request.',
    ]);
  });

  it('refuses a query whose estimated cost is over the limit (literal page sizes multiply)', () => {
    expect(messages('{ nodes(first: 10) { id name } }')).toEqual([]);
    const [message] = messages('{ nodes(first: 100) { id name children(first: 50) { id } } }');
    expect(message).toMatch(/^Query Cost limit of 200 exceeded, found \d+(\.\d+)?\. Ask for fewer/);
  });

  it('refuses introspection unless switched on, but keeps __typename', () => {
    expect(messages('{ __schema { queryType { name } } }')[0]).toMatch(
      /^Introspection is disabled: the query asks for "__schema"\.$/,
    );
    expect(messages('{ __type(name: "Node") { name } }')[0]).toMatch(
      /^Introspection is disabled: the query asks for "__type"\.$/,
    );
    expect(messages('{ __typename }')).toEqual([]);
    expect(messages('{ __schema { queryType { name } } }', { introspection: true })).toEqual([]);
  });

  it('stops parsing at the token limit, with a message naming it', () => {
    const long = `{ ${Array.from({ length: 40 }, (_, index) => `f${index}: __typename`).join(' ')} }`;
    expect(() => parse(long, graphqlParseOptions(limits))).toThrow(/more that 60 tokens/);
    let message = '';
    try {
      parse(long, graphqlParseOptions(limits));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(describeTokenLimit(message)).toBe(
      'Query token limit of 60 exceeded. Send a shorter query (use variables for long inputs).',
    );
    expect(describeTokenLimit('Syntax Error: Expected Name.')).toBe('Syntax Error: Expected Name.');
  });

  it('field suggestions are cut from validation messages', () => {
    const [message] = messages('{ node { nam } }');
    expect(message).toContain('Did you mean');
    expect(withoutSuggestions(message!)).toBe('Cannot query field "nam" on type "Node".');
  });
});
