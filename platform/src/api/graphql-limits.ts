import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, type ParseOptions, type ValidationContext, type ValidationRule } from 'graphql';
import type { GraphqlLimitsConfig } from '../config';

/**
 * graphql-armor's rules throw out of `validate()` by default, which would surface as an internal error.
 * Reported through the validation context instead, a rejection is an ordinary validation error (INVALID)
 * whose message names the limit ("Query depth limit of 8 exceeded, found 9.").
 */
function reported(hint: string) {
  return {
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        context?.reportError(new GraphQLError(`${error.message.replace(/^Syntax Error: /, '')} ${hint}`));
      },
    ],
  };
}

/** The validation rules Mercurius adds to GraphQL's own for every document. */
export function graphqlValidationRules(limits: GraphqlLimitsConfig): ValidationRule[] {
  const rules: ValidationRule[] = [
    maxDepthRule({
      n: limits.maxDepth,
      ...reported('Ask for fewer nested levels.'),
      // Introspection is counted like any other query when it is switched on.
      ignoreIntrospection: false,
    }),
    maxAliasesRule({ n: limits.maxAliases, ...reported('Use fewer aliased fields per request.') }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reported('Use fewer directives per request.') }),
    costLimitRule({
      maxCost: limits.maxCost,
      ...reported('Ask for fewer fields or smaller pages.'),
      ignoreIntrospection: false,
    }),
  ];
  if (!limits.introspection) rules.push(noIntrospection);
  return rules;
}

/**
 * Refuses `__schema` and `__type` (`__typename` stays: clients need it). By field name rather than
 * graphql's NoSchemaIntrospectionCustomRule, whose type checks fail when a test runner loads graphql
 * twice (ESM and CommonJS copies); names starting with `__` are reserved, so nothing else matches.
 */
export const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    const name = node.name.value;
    if (name === '__schema' || name === '__type') {
      context.reportError(
        new GraphQLError(`Introspection is disabled: the query asks for "${name}".`, { nodes: node }),
      );
    }
  },
});

/** Parser options: parsing stops (INVALID) as soon as a document has more tokens than allowed. */
export function graphqlParseOptions(limits: GraphqlLimitsConfig): ParseOptions {
  return { maxTokens: limits.maxTokens };
}

const tokenLimitMessage = /^Syntax Error: Document contains more that (\d+) tokens\. Parsing aborted\.$/;

/** GraphQL's own message for the token limit (with its typo) rewritten in our voice; others unchanged. */
export function describeTokenLimit(message: string): string {
  const limit = tokenLimitMessage.exec(message)?.[1];
  return limit === undefined
    ? message
    : `Query token limit of ${limit} exceeded. Send a shorter query (use variables for long inputs).`;
}
