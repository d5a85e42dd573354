import type { FieldMiddleware } from '@nestjs/graphql';
import type {
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLField,
  GraphQLNamedType,
  GraphQLOutputType,
  GraphQLSchema,
  SelectionSetNode,
} from 'graphql';
import { Forbidden, Unauthenticated } from '../errors';
import { currentContext, requireContext, type Role } from '../request-context';
import { denied } from './authorize';
import { audiencesOf, audiencesOfCaller, isRootType, operationRule, type Tenancy } from './role-matrix';

/** A field of the document the caller may not use, and how to say so. */
export interface Refusal {
  /** `Type.field` */
  coordinate: string;
  /** What was attempted, for the audit trail (`list customers`, `read Customer.email`). */
  does: string;
  message: string;
  /** For a refused root operation: what it may show of tenants (see the role matrix). */
  tenancy?: Tenancy;
}

/**
 * Checks every field a document selects (all its operations and fragments, skipped or not) against the
 * role matrix for a caller with `roles` (none: anonymous). Returns the refusals, first one first:
 * a root operation or a non-null field the caller may not use, or a field the matrix does not know.
 * Nullable fields the caller may not see are not refused here: they read as null (`hiddenFieldsMiddleware`).
 * Static on purpose: the answer does not depend on data, and nothing resolves before it is known.
 *
 * The walk reads types by name and shape rather than with graphql's `TypeInfo`: its `instanceof` checks
 * fail when the schema was built by another copy of the graphql module (ESM and CommonJS under tests).
 */
export function refusalsFor(
  schema: GraphQLSchema,
  document: DocumentNode,
  roles: readonly Role[],
): Refusal[] {
  const audiences = audiencesOfCaller(roles);
  const refusals: Refusal[] = [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === 'FragmentDefinition') fragments.set(definition.name.value, definition);
  }
  const visitedFragments = new Set<string>();

  const check = (parent: GraphQLNamedType, field: GraphQLField<unknown, unknown>) => {
    const coordinate = `${parent.name}.${field.name}`;
    const allowed = audiencesOf(parent.name, field.name);
    if (!allowed) {
      refusals.push({
        coordinate,
        does: `use ${coordinate}`,
        message: `${coordinate} is not in the access matrix, so nobody may use it yet.`,
      });
      return;
    }
    if (allowed.some((audience) => audiences.includes(audience))) return;
    const rule = operationRule(parent.name, field.name);
    if (rule) {
      const who = rule.roles.filter((audience) => audience !== 'anonymous').join(' or ');
      refusals.push({
        coordinate,
        does: rule.does,
        message: `Only ${who} may ${rule.does}.`,
        tenancy: rule.tenancy,
      });
    } else if (isNonNull(field.type)) {
      refusals.push({
        coordinate,
        does: `read ${coordinate}`,
        message: `Your role may not read ${coordinate}; remove it from the query.`,
      });
    }
  };

  const walk = (parent: GraphQLNamedType | undefined, selectionSet: SelectionSetNode) => {
    if (!parent) return;
    for (const selection of selectionSet.selections) {
      if (selection.kind === 'Field') {
        // Meta fields (__typename) carry no data; introspection is refused by the GraphQL limits.
        if (selection.name.value.startsWith('__')) continue;
        const field = fieldsOf(parent)?.[selection.name.value];
        // Unknown fields fail GraphQL's own validation before this hook runs.
        if (!field) continue;
        check(parent, field);
        if (selection.selectionSet) walk(schema.getType(namedTypeOf(field.type)), selection.selectionSet);
      } else if (selection.kind === 'InlineFragment') {
        const condition = selection.typeCondition?.name.value;
        walk(condition ? schema.getType(condition) : parent, selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || visitedFragments.has(fragment.name.value)) continue;
        visitedFragments.add(fragment.name.value);
        walk(schema.getType(fragment.typeCondition.name.value), fragment.selectionSet);
      }
    }
  };

  for (const definition of document.definitions) {
    if (definition.kind !== 'OperationDefinition') continue;
    const root =
      definition.operation === 'query'
        ? schema.getQueryType()
        : definition.operation === 'mutation'
          ? schema.getMutationType()
          : schema.getSubscriptionType();
    walk(root ?? undefined, definition.selectionSet);
  }
  return refusals;
}

function fieldsOf(type: GraphQLNamedType): Record<string, GraphQLField<unknown, unknown>> | undefined {
  // Object and interface types have fields; unions, scalars and enums do not.
  return 'getFields' in type && !('getValues' in type)
    ? (type.getFields() as Record<string, GraphQLField<unknown, unknown>>)
    : undefined;
}

function namedTypeOf(type: GraphQLOutputType): string {
  let named: unknown = type;
  while (named && typeof named === 'object' && 'ofType' in named)
    named = (named as { ofType: unknown }).ofType;
  return (named as GraphQLNamedType).name;
}

function isNonNull(type: GraphQLOutputType): boolean {
  return String(type).endsWith('!');
}

/**
 * Mercurius `preExecution` hook: refuses a request that uses anything the role matrix does not allow the
 * caller, before any resolver runs (so nothing is read or written, and no partial data is returned).
 * Anonymous callers are told to sign in; signed-in callers get FORBIDDEN, recorded as a denied attempt.
 * Anonymous attempts at operator operations are recorded too, on the platform chain only: never on a
 * bank's, which an anonymous caller could otherwise write into by naming the bank in X-Tenant.
 */
export async function roleMatrixGate(schema: GraphQLSchema, document: DocumentNode): Promise<void> {
  const context = requireContext();
  const { principal } = context;
  const [refusal] = refusalsFor(schema, document, principal?.roles ?? []);
  if (!refusal) return;
  if (!principal) {
    if (refusal.tenancy === 'platform') {
      context.deniedAttempts.push({
        action: refusal.does,
        tenant: undefined,
        principal: undefined,
        code: 'UNAUTHENTICATED',
      });
    }
    throw new Unauthenticated(`Sign in to ${refusal.does}.`);
  }
  throw denied(refusal.does, refusal.message);
}

/**
 * Nest field middleware on every object field: a nullable field the caller's role may not see (per the
 * role matrix) resolves to null without running its resolver. Root operations are the gate's business.
 */
export const hiddenFieldsMiddleware: FieldMiddleware = (context, next) => {
  const { parentType, fieldName } = context.info;
  if (isRootType(parentType.name) || fieldName.startsWith('__')) return next();
  const allowed = audiencesOf(parentType.name, fieldName) ?? [];
  const audiences = audiencesOfCaller(currentContext()?.principal?.roles ?? []);
  if (allowed.some((audience) => audiences.includes(audience))) return next();
  if (!isNonNull(context.info.returnType)) return null;
  // The gate refuses these before execution; reaching here means it did not run, so fail closed.
  throw new Forbidden(`Your role may not read ${parentType.name}.${fieldName}.`);
};
