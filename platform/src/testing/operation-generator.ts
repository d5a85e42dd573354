import type {
  GraphQLArgument,
  GraphQLField,
  GraphQLInputField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLOutputType,
  GraphQLSchema,
} from 'graphql';
import { type Audience, audiencesOf } from '../access';
import type { SourceWorld } from './customer-data';
import type { PluginWorld } from './plugin-fixtures';
import type { WebhookWorld } from './webhook-fixtures';
import type { EnrichmentWorld } from './enrichment-fixtures';
import type { ProductWorld } from './product-fixtures';
import type { InsightWorld } from './insight-fixtures';
import type { RecommendationWorld } from './recommendation-fixtures';
import type { ModelWorld } from './model-fixtures';
import type { CustomerToolsWorld } from './customer-tools-fixtures';
import type { CustomerRulesWorld } from './customer-rules-fixtures';
import type { SurveyWorld } from './survey-fixtures';
import type { StaffWorld } from './staff-fixtures';
import { currentConsentText } from '../consents';
import { base64Of, statementFixtures } from './statement-files';
import { pushSubscriptionKeys } from './notification-fixtures';

const generatedPushKeys = pushSubscriptionKeys().keys;

/**
 * Builds a call of any root operation from the schema alone, with argument values aimed at one tenant's
 * resources — the generated role-matrix and cross-tenant suites call every operation through it, so an
 * operation added to the schema is exercised without anyone listing it. Types are read by shape (not
 * graphql's `instanceof` helpers), since the app's schema may come from another copy of the module.
 *
 * When it meets an argument it cannot build, it throws `CannotGenerate` naming it: teach it below
 * (`scalarValue` / `targetedValue`) rather than skipping the operation.
 */

/** The resources of one tenant that generated arguments point at. */
export interface TargetWorld {
  tenant: { id: string; slug: string; realm: string };
  /** Ids of customers to name in `id`/`customerId` arguments (the first is used). */
  customerIds: string[];
  /** An onboarding workflow id (`onboardingRun(workflowId)`). */
  workflowId: string;
  /** Slug used by inputs that create or re-onboard a tenant. */
  onboardingSlug: string;
  /**
   * The first customer's data from sources (consent, connections, a pending authorisation), for the
   * connection, account and transaction operations (`prepareSourceWorld` in `customer-data.ts`).
   */
  sources?: SourceWorld;
  /** Consents to name in `id` arguments of consent operations (the first is used). */
  consentIds?: string[];
  /** Notifications to name in `id` arguments of notification operations (the first is used). */
  notificationIds?: string[];
  /** The first customer's web push subscriptions (`seedPushSubscription` in `notification-fixtures.ts`). */
  pushSubscriptionIds?: string[];
  /** The bank's fixture plugins, for the plugin operations (`preparePluginWorld` in `plugin-fixtures.ts`). */
  plugins?: PluginWorld;
  /** The bank's webhook subscriptions and a dead delivery (`prepareWebhookWorld` in `webhook-fixtures.ts`). */
  webhooks?: WebhookWorld;
  /** The bank's product catalogue, for `products` (`prepareProductWorld` in `product-fixtures.ts`). */
  products?: ProductWorld;
  /**
   * The first customer's budgets and savings goals, for the customer-tool operations
   * (`prepareCustomerToolsWorld` in `customer-tools-fixtures.ts`).
   */
  customerTools?: CustomerToolsWorld;
  /** The first customer's own rules and open rule suggestions (`prepareCustomerRulesWorld`). */
  customerRules?: CustomerRulesWorld;
  /** The bank's categorisation rules and a customer's transaction (`prepareEnrichmentWorld`). */
  enrichment?: EnrichmentWorld;
  /** The customer's recommendations and an open review (`prepareRecommendationWorld` in `recommendation-fixtures.ts`). */
  recommendations?: RecommendationWorld;
  /** The bank's recommendation model and versions, for the model-registry operations (`prepareModelWorld`). */
  models?: ModelWorld;
  /** A live insight of the first customer (`prepareInsightWorld` in `insight-fixtures.ts`). */
  insights?: InsightWorld;
  /** The bank's surveys in each state and one open to the first customer (`prepareSurveyWorld`). */
  surveys?: SurveyWorld;
  /**
   * Staff members the bank's directory knows, for `staffMembers` and `forgetStaffMember` (`prepareStaffWorld`
   * in `staff-fixtures.ts`).
   */
  staff?: StaffWorld;
}

export interface GeneratedCall {
  rootType: 'Query' | 'Mutation';
  name: string;
  document: string;
  variables: Record<string, unknown>;
}

export class CannotGenerate extends Error {
  override name = 'CannotGenerate';
}

interface ShapedType {
  name?: string;
  ofType?: ShapedType;
  getFields?: () => Record<string, GraphQLField<unknown, unknown> | GraphQLInputField>;
  getValues?: () => { name: string }[];
  toString(): string;
}

const shape = (type: GraphQLInputType | GraphQLOutputType | GraphQLNamedType) =>
  type as unknown as ShapedType;
const isNonNull = (type: ShapedType) => String(type).endsWith('!');
const isList = (type: ShapedType) => String(type).replace(/!$/, '').startsWith('[');
function named(type: ShapedType): ShapedType {
  let current = type;
  while (current.ofType) current = current.ofType;
  return current;
}

/** The root operations of the schema as `[rootType, name]`. */
export function rootOperations(schema: GraphQLSchema): ['Query' | 'Mutation', string][] {
  return [
    ...Object.keys(schema.getQueryType()?.getFields() ?? {}).map(
      (name) => ['Query', name] as ['Query', string],
    ),
    ...Object.keys(schema.getMutationType()?.getFields() ?? {}).map(
      (name) => ['Mutation', name] as ['Mutation', string],
    ),
  ];
}

export function rootField(
  schema: GraphQLSchema,
  rootType: 'Query' | 'Mutation',
  name: string,
): GraphQLField<unknown, unknown> {
  const field = (rootType === 'Query' ? schema.getQueryType() : schema.getMutationType())?.getFields()[name];
  if (!field) throw new Error(`${rootType}.${name} is not in the schema`);
  return field;
}

/** Whether an argument (or a field of an input argument, at any depth) is an ID. */
export function takesId(field: GraphQLField<unknown, unknown>): boolean {
  const seen = new Set<string>();
  const hasId = (type: ShapedType): boolean => {
    const base = named(type);
    if (base.name === 'ID') return true;
    if (!base.getFields || !base.name || seen.has(base.name)) return false;
    seen.add(base.name);
    return Object.values(base.getFields()).some((inner) => hasId(shape(inner.type)));
  };
  return field.args.some((arg) => hasId(shape(arg.type)));
}

/**
 * A call of `rootType.name` aimed at `world`, selecting every field `audiences` may use (per the role
 * matrix) down to `maxDepth` levels, or every field when `audiences` is `all`.
 */
export function generateCall(
  schema: GraphQLSchema,
  rootType: 'Query' | 'Mutation',
  name: string,
  world: TargetWorld,
  audiences: readonly Audience[] | 'all',
  maxDepth = 4,
): GeneratedCall {
  const field = rootField(schema, rootType, name);
  const returned = named(shape(field.type)).name ?? '';
  const declarations: string[] = [];
  const argumentsText: string[] = [];
  const variables: Record<string, unknown> = {};
  field.args.forEach((arg, index) => {
    const value = argumentValue(
      arg,
      { operation: name, returned },
      world,
      `${rootType}.${name}(${arg.name})`,
    );
    if (value === omitted) return;
    const variable = `a${index}`;
    declarations.push(`$${variable}: ${String(arg.type)}`);
    argumentsText.push(`${arg.name}: $${variable}`);
    variables[variable] = value;
  });
  const selection = selectionOf(schema, shape(field.type), audiences, maxDepth);
  const operation = rootType === 'Query' ? 'query' : 'mutation';
  const document =
    `${operation} Generated${declarations.length ? `(${declarations.join(', ')})` : ''} ` +
    `{ ${name}${argumentsText.length ? `(${argumentsText.join(', ')})` : ''}${selection} }`;
  return { rootType, name, document, variables };
}

const omitted = Symbol('omitted');

/** The operation an argument belongs to and the type it returns (what `id` arguments point at). */
interface Called {
  operation: string;
  returned: string;
}

function argumentValue(
  arg: GraphQLArgument | GraphQLInputField,
  called: Called,
  world: TargetWorld,
  where: string,
): unknown {
  const type = shape(arg.type);
  const targeted = targetedValue(arg.name, named(type).name ?? '', called, world, where);
  if (targeted !== omitted) return isList(type) ? [targeted] : targeted;
  // Optional arguments that do not point at a resource keep their defaults.
  if (!isNonNull(type)) return omitted;
  const value = typeValue(type, arg.name, called, world, where);
  return isList(type) ? [value] : value;
}

/** Arguments that name a resource: aimed at the world's tenant, whatever the operation. */
function targetedValue(
  argName: string,
  typeName: string,
  { operation, returned }: Called,
  world: TargetWorld,
  where: string,
): unknown {
  // The products of the bank's catalogue: a type and region it has, so the call reads real products.
  if (operation === 'products' && argName === 'filter') return productsOf(world, where).filter;
  if (typeName === 'ID' || typeName === 'String') {
    if (argName === 'tenantId') return world.tenant.id;
    if (argName === 'customerId') return world.customerIds[0];
    if (argName === 'workflowId') return world.workflowId;
    if (argName === 'slug' || argName === 'tenantSlug') return world.tenant.slug;
    if (argName === 'connectionId') return sourcesOf(world, where).connectionId;
    if (argName === 'consentId') return sourcesOf(world, where).consentId;
    if (argName === 'pluginId') {
      const plugins = pluginsOf(world, where);
      // Installing needs a plugin the bank lacks, uninstalling one it has; the rest act on one installed.
      if (operation === 'installPlugin') return plugins.installable;
      if (operation === 'uninstallPlugin') return plugins.uninstallable;
      return plugins.installed;
    }
    if (argName === 'version' && operation === 'upgradePlugin') return pluginsOf(world, where).upgradeTo;
    if (argName === 'subscriptionId') {
      const webhooks = webhooksOf(world, where);
      return operation === 'deleteWebhookSubscription'
        ? webhooks.deletableSubscriptionId
        : webhooks.subscriptionId;
    }
    if (argName === 'deliveryId') return webhooksOf(world, where).deliveryId;
    if (argName === 'ruleId') {
      const enrichment = enrichmentOf(world, where);
      return operation === 'deleteCategoryRule' ? enrichment.deletableRuleId : enrichment.ruleId;
    }
    if (argName === 'transactionId') return enrichmentOf(world, where).transactionId;
    if (argName === 'modelPluginId') return modelsOf(world, where).modelPluginId;
    if (argName === 'insightId') return insightsOf(world, where).insightId;
    if (argName === 'subject' && operation === 'forgetStaffMember') {
      if (!world.staff) {
        throw new CannotGenerate(
          `${where} names a staff member to forget: give the TargetWorld \`staff\` ` +
            '(prepareStaffWorld in platform/src/testing/staff-fixtures.ts).',
        );
      }
      return world.staff.forgettableSubject;
    }
    if (argName === 'subjects' && operation === 'staffMembers') {
      if (!world.staff) {
        throw new CannotGenerate(
          `${where} names the bank's staff members: give the TargetWorld \`staff\` ` +
            '(prepareStaffWorld in platform/src/testing/staff-fixtures.ts).',
        );
      }
      return world.staff.subjects[0];
    }
    if (argName === 'id' && typeName === 'ID' && operation === 'removePushSubscription') {
      if (!world.pushSubscriptionIds?.[0]) {
        throw new CannotGenerate(
          `${where} names a push subscription: give the TargetWorld \`pushSubscriptionIds\` ` +
            '(seedPushSubscription in platform/src/testing/notification-fixtures.ts).',
        );
      }
      return world.pushSubscriptionIds[0];
    }
    if (argName === 'id' && typeName === 'ID') {
      if (returned === 'Customer') return world.customerIds[0];
      if (returned === 'Tenant' || returned === 'TenantBranding') return world.tenant.id;
      if (returned === 'OnboardingRun') return world.workflowId;
      if (returned === 'SourceConnection') {
        const sources = sourcesOf(world, where);
        // Disconnecting is final: it gets a connection of its own, so the other calls still find theirs active.
        return operation === 'disconnectConnection'
          ? sources.disconnectableConnectionId
          : sources.connectionId;
      }
      if (returned === 'Consent' && world.consentIds?.[0]) return world.consentIds[0];
      if (returned === 'Notification' && world.notificationIds?.[0]) return world.notificationIds[0];
      // The customer's operations name a recommendation; the staff's decision names a review request.
      if (operation === 'decideRecommendationReview') return recommendationsOf(world, where).reviewId;
      if (returned === 'Recommendation' || returned === 'RecommendationReview') {
        return recommendationsOf(world, where).recommendationId;
      }
      if (returned === 'ModelVersion') {
        const models = modelsOf(world, where);
        // Each decision acts on a version in the state it needs (a decided version cannot be decided again).
        if (operation === 'approveModelVersion') return models.approvableVersionId;
        if (operation === 'rejectModelVersion') return models.rejectableVersionId;
        return models.promotableVersionId;
      }
      if (returned === 'Budget') {
        const tools = customerToolsOf(world, where);
        // Deleting is final: it gets a budget of its own, so the other calls still find theirs.
        return operation === 'deleteBudget' ? tools.deletableBudgetId : tools.budgetId;
      }
      if (returned === 'SavingsGoal') {
        const tools = customerToolsOf(world, where);
        return operation === 'deleteSavingsGoal' ? tools.deletableSavingsGoalId : tools.savingsGoalId;
      }
      if (returned === 'Survey' || returned === 'SurveyResults') {
        const surveys = surveysOf(world, where);
        // Each change acts on a survey in the state it needs (a published one cannot be edited or published again).
        if (operation === 'updateSurvey') return surveys.draftSurveyId;
        if (operation === 'publishSurvey') return surveys.publishableSurveyId;
        if (operation === 'closeSurvey') return surveys.closableSurveyId;
        if (operation === 'createSurveyVersion') return surveys.versionableSurveyId;
        return surveys.openSurveyId;
      }
      if (returned === 'Alert') {
        const tools = customerToolsOf(world, where);
        return operation === 'deleteAlert' ? tools.deletableAlertId : tools.alertId;
      }
      // A customer's own rules and rule suggestions: each call acts on a row in the state it needs.
      if (operation === 'acceptSuggestion') return customerRulesOf(world, where).suggestionId;
      if (operation === 'dismissSuggestion') return customerRulesOf(world, where).dismissableSuggestionId;
      if (returned === 'CustomerRule' || returned === 'RulePastApplication') {
        const rules = customerRulesOf(world, where);
        return operation === 'deleteCustomerRule' ? rules.deletableRuleId : rules.ruleId;
      }
    }
  }
  return omitted;
}

function surveysOf(world: TargetWorld, where: string): SurveyWorld {
  if (!world.surveys) {
    throw new CannotGenerate(
      `${where} names one of the bank's surveys: give the TargetWorld \`surveys\` ` +
        '(prepareSurveyWorld in platform/src/testing/survey-fixtures.ts).',
    );
  }
  return world.surveys;
}

function sourcesOf(world: TargetWorld, where: string): SourceWorld {
  if (!world.sources) {
    throw new CannotGenerate(
      `${where} points at a customer's source data: give the TargetWorld \`sources\` ` +
        '(prepareSourceWorld in platform/src/testing/customer-data.ts).',
    );
  }
  return world.sources;
}

function pluginsOf(world: TargetWorld, where: string): PluginWorld {
  if (!world.plugins) {
    throw new CannotGenerate(
      `${where} names one of the bank's plugins: give the TargetWorld \`plugins\` ` +
        '(preparePluginWorld in platform/src/testing/plugin-fixtures.ts).',
    );
  }
  return world.plugins;
}

function webhooksOf(world: TargetWorld, where: string): WebhookWorld {
  if (!world.webhooks) {
    throw new CannotGenerate(
      `${where} names one of the bank's webhook subscriptions or deliveries: give the TargetWorld ` +
        '`webhooks` (prepareWebhookWorld in platform/src/testing/webhook-fixtures.ts).',
    );
  }
  return world.webhooks;
}

function customerToolsOf(world: TargetWorld, where: string): CustomerToolsWorld {
  if (!world.customerTools) {
    throw new CannotGenerate(
      `${where} names one of a customer's budgets or savings goals: give the TargetWorld \`customerTools\` ` +
        '(prepareCustomerToolsWorld in platform/src/testing/customer-tools-fixtures.ts).',
    );
  }
  return world.customerTools;
}

function customerRulesOf(world: TargetWorld, where: string): CustomerRulesWorld {
  if (!world.customerRules) {
    throw new CannotGenerate(
      `${where} names one of a customer's rules or rule suggestions: give the TargetWorld \`customerRules\` ` +
        '(prepareCustomerRulesWorld in platform/src/testing/customer-rules-fixtures.ts).',
    );
  }
  return world.customerRules;
}

/**
 * Spending categories for generated `createBudget` calls, one per call: a customer has one budget per
 * category, so repeating one would be CONFLICT (the fixture's budgets use groceries and eating-out).
 */
const budgetCategories = ['transport', 'shopping', 'subscriptions', 'entertainment', 'health', 'education'];
let budgetCategoryCalls = 0;

function enrichmentOf(world: TargetWorld, where: string): EnrichmentWorld {
  if (!world.enrichment) {
    throw new CannotGenerate(
      `${where} names a categorisation rule or a transaction to categorise: give the TargetWorld ` +
        '`enrichment` (prepareEnrichmentWorld in platform/src/testing/enrichment-fixtures.ts).',
    );
  }
  return world.enrichment;
}

function modelsOf(world: TargetWorld, where: string): ModelWorld {
  if (!world.models) {
    throw new CannotGenerate(
      `${where} names the bank's recommendation model or one of its versions: give the TargetWorld ` +
        '`models` (prepareModelWorld in platform/src/testing/model-fixtures.ts).',
    );
  }
  return world.models;
}

function productsOf(world: TargetWorld, where: string): ProductWorld {
  if (!world.products) {
    throw new CannotGenerate(
      `${where} reads the bank's products: give the TargetWorld \`products\` ` +
        '(prepareProductWorld in platform/src/testing/product-fixtures.ts).',
    );
  }
  return world.products;
}

function recommendationsOf(world: TargetWorld, where: string): RecommendationWorld {
  if (!world.recommendations) {
    throw new CannotGenerate(
      `${where} names one of the customer's recommendations or reviews: give the TargetWorld ` +
        '`recommendations` (prepareRecommendationWorld in platform/src/testing/recommendation-fixtures.ts).',
    );
  }
  return world.recommendations;
}

function insightsOf(world: TargetWorld, where: string): InsightWorld {
  if (!world.insights) {
    throw new CannotGenerate(
      `${where} names one of the customer's insights: give the TargetWorld \`insights\` ` +
        '(prepareInsightWorld in platform/src/testing/insight-fixtures.ts).',
    );
  }
  return world.insights;
}

function typeValue(
  type: ShapedType,
  argName: string,
  called: Called,
  world: TargetWorld,
  where: string,
): unknown {
  const base = named(type);
  if (base.getValues) return base.getValues()[0]?.name;
  if (base.getFields) return inputValue(base, called, world, where);
  return scalarValue(base.name ?? '', argName, world, where);
}

/** Input objects: every required field, and the optional ones that point at a resource. */
function inputValue(
  input: ShapedType,
  called: Called,
  world: TargetWorld,
  where: string,
): Record<string, unknown> {
  if (input.name === 'OnboardTenantInput') {
    return {
      slug: world.onboardingSlug,
      name: 'Generated Bank',
      region: 'EU',
      realm: world.onboardingSlug,
      branding: { displayName: 'Generated Bank', primaryColor: '#101010', accentColor: '#202020' },
      customers: [{ displayName: 'Generated Customer', email: `generated@${world.onboardingSlug}.example` }],
    };
  }
  if (input.name === 'ConnectSourceInput') {
    const sources = sourcesOf(world, where);
    return { connector: sources.connector, consentId: sources.consentId, redirectUri: sources.redirectUri };
  }
  if (input.name === 'ImportStatementInput') {
    const sources = sourcesOf(world, where);
    return {
      consentId: sources.consentId,
      format: 'OFX',
      content: base64Of(statementFixtures.ofx()),
      fileName: 'generated.ofx',
    };
  }
  if (input.name === 'CreateBudgetInput') {
    const category = budgetCategories[budgetCategoryCalls++ % budgetCategories.length];
    return { category, amountMinor: '30000', currency: 'EUR' };
  }
  if (input.name === 'CreateAlertInput') {
    return { kind: 'TRANSACTION_ABOVE', thresholdMinor: '100000', currency: 'EUR' };
  }
  if (input.name === 'CreateCustomerRuleInput') {
    return {
      action: 'SET_CATEGORY',
      category: 'groceries',
      conditions: {
        any: [{ merchantContains: ['generated market'] }, { descriptionContains: ['groceries'] }],
      },
    };
  }
  if (input.name === 'SurveyInput') {
    return {
      title: 'Generated survey',
      questions: [
        { kind: 'RATING', text: 'How likely are you to consider a credit card?', productType: 'CREDIT_CARD' },
      ],
      audience: { consentPurpose: 'ANALYTICS' },
    };
  }
  if (input.name === 'AnswerTransactionPromptInput') {
    const promptId = surveysOf(world, where).promptId;
    if (!promptId) {
      throw new CannotGenerate(
        `${where} names a transaction prompt: give prepareSurveyWorld one of the customer's transactions.`,
      );
    }
    return { promptId, answer: 'EXPECTED' };
  }
  if (input.name === 'AnswerSurveyInput') {
    return {
      surveyId: surveysOf(world, where).openSurveyId,
      answers: [{ questionId: 'q1', choiceIds: ['c1'] }],
    };
  }
  if (input.name === 'CategoryRuleInput') {
    return {
      name: 'Generated rule',
      priority: 50,
      category: 'groceries',
      conditions: { merchantContains: ['generated market'] },
    };
  }
  // A response needs an outcome or a rating (both optional in the schema); settings a threshold to change.
  if (input.name === 'RespondToInsightInput') {
    return { insightId: insightsOf(world, where).insightId, outcome: 'OPENED' };
  }
  if (input.name === 'UpdateInsightSettingsInput') return { notifyThreshold: 0.7 };
  // Survey settings (Seam D): a minimum audience above the floor.
  if (input.name === 'UpdateSurveySettingsInput') return { minimumAudience: 12 };
  if (input.name === 'CompleteConnectionInput') {
    const sources = sourcesOf(world, where);
    return { state: sources.pendingState, callback: sources.pendingCallback };
  }
  const value: Record<string, unknown> = {};
  for (const inner of Object.values(input.getFields?.() ?? {})) {
    const built = argumentValue(
      inner as GraphQLInputField,
      { ...called, returned: '' },
      world,
      `${where}.${inner.name}`,
    );
    if (built !== omitted) value[inner.name] = built;
  }
  return value;
}

/** Required scalars that do not point at a resource. */
function scalarValue(typeName: string, argName: string, world: TargetWorld, where: string): unknown {
  const known: Record<string, Record<string, unknown>> = {
    String: {
      name: 'Generated name',
      displayName: 'Generated name',
      primaryColor: '#123456',
      accentColor: '#654321',
      realm: world.tenant.realm,
      email: 'generated@generated.example',
      reason: 'generated by the access test suite',
      // What the customer was shown: the current aggregation text (aggregation is the purpose the input
      // generates — the first of the enum — and may be granted more than once).
      textVersion: currentConsentText('aggregation', 'en').version,
      // A plugin configuration valid for the fixture plugins (JSON text).
      settings: '{"mode":"test"}',
      // A webhook endpoint: public https (never called: the test API does not dispatch).
      url: 'https://hooks.generated.example/finpersona',
      // Customer tools: a savings goal's target and currency, a contribution.
      targetAmountMinor: '150000',
      currency: 'EUR',
      amountMinor: '2500',
      // A category id of the taxonomy (`categoriseTransaction`).
      category: 'groceries',
      // A customer's contest of a recommendation and a reviewer's note on their decision.
      text: 'generated by the access test suite: this does not fit me',
      note: 'generated by the access test suite',
      // A browser's push subscription: a public https endpoint (never called) and well-formed keys.
      endpoint: 'https://push.generated.example/subscription/generated',
      p256dh: generatedPushKeys.p256dh,
      auth: generatedPushKeys.auth,
    },
    Int: { first: 5, last: 5, maxPerPeriod: 3 },
    // A compliance officer recording an erasure request confirms they checked the person's identity.
    Boolean: { identityVerified: true },
    DateTime: {
      from: new Date(Date.now() - 86_400_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    },
  };
  const value = known[typeName]?.[argName];
  if (value === undefined) {
    throw new CannotGenerate(
      `The generated access suites cannot build argument ${where} of type ${typeName}: teach ` +
        'platform/src/testing/operation-generator.ts (targetedValue for an id or slug of a resource, ' +
        'scalarValue or inputValue otherwise) so that this operation is tested across tenants and roles.',
    );
  }
  return value;
}

/** Selection of every field `audiences` may use (or all), skipping fields with required arguments. */
function selectionOf(
  schema: GraphQLSchema,
  type: ShapedType,
  audiences: readonly Audience[] | 'all',
  depth: number,
): string {
  const base = named(type);
  if (!base.getFields || !base.name) return '';
  const objectType = schema.getType(base.name);
  if (!objectType || depth <= 0) return '';
  const parts: string[] = [];
  for (const inner of Object.values(base.getFields()) as GraphQLField<unknown, unknown>[]) {
    if (inner.args?.some((arg) => isNonNull(shape(arg.type)))) continue;
    const allowed = audiencesOf(base.name, inner.name) ?? [];
    if (audiences !== 'all' && !allowed.some((audience) => audiences.includes(audience))) continue;
    const nested = named(shape(inner.type)).getFields
      ? selectionOf(schema, shape(inner.type), audiences, depth - 1)
      : '';
    if (named(shape(inner.type)).getFields && !nested) continue;
    parts.push(`${inner.name}${nested}`);
  }
  return parts.length ? ` { ${parts.join(' ')} }` : ' { __typename }';
}
