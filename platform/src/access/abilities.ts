import { AbilityBuilder, createMongoAbility, type ForcedSubject, type MongoAbility } from '@casl/ability';
import { currentContext, type Principal, type Role, type TenantRef } from '../request-context';
import { readableFields } from './role-matrix';

/** What can be done to a resource. `manage` means every action. */
export type Action = 'read' | 'create' | 'update' | 'delete' | 'verify' | 'export' | 'manage';

/**
 * The platform's resources as CASL subjects. Each maps to an entity whose properties the conditions
 * name (`tenantId`, `subject`, `id`, `status`), so conditions are also MikroORM where-clauses.
 */
export type SubjectType =
  | 'Tenant'
  | 'Customer'
  | 'AuditEntry'
  | 'OnboardingRun'
  | 'Connection'
  | 'Account'
  | 'AccountTransaction'
  | 'Consent'
  | 'Notification'
  | 'NotificationPreference'
  | 'Insight'
  | 'InsightSettings'
  | 'DataSubjectRequest'
  | 'PluginInstallation'
  | 'WebhookSubscription'
  | 'WebhookDelivery'
  | 'CategoryRule'
  | 'Product'
  | 'Recommendation'
  | 'RecommendationReview'
  | 'RecommendationSettings'
  | 'ModelVersion'
  | 'Budget'
  | 'SavingsGoal'
  | 'CustomerAlert'
  // A customer's own rules (customer-tools/customer-rules.service.ts).
  | 'CustomerRule'
  | 'Survey'
  | 'SurveyResponse'
  | 'TransactionPrompt'
  | 'TransactionPromptSettings'
  // Survey settings (Seam D).
  | 'SurveySettings'
  // The bank's staff directory (staff-directory/): colleagues' names.
  | 'StaffMember';

/** A subject by type name, or a row of it tagged with its type (what conditions are written against). */
type Shaped<T extends SubjectType, Row> = T | (ForcedSubject<T> & Row);

type AppSubjects =
  | Shaped<'Tenant', { id: string; status: string }>
  | Shaped<'Customer', { id: string; tenantId: string; subject: string | null }>
  | Shaped<'AuditEntry', { id: string; tenantId: string }>
  | Shaped<'OnboardingRun', { workflowId: string }>
  | Shaped<
      'Connection' | 'Account' | 'AccountTransaction',
      { id: string; tenantId: string; customerId: string }
    >
  | Shaped<'Consent', { id: string; tenantId: string; customerId: string }>
  | Shaped<
      'Notification' | 'NotificationPreference' | 'Insight',
      { id: string; tenantId: string; customerId: string }
    >
  // The bank's insight settings and engagement figures (no per-customer rows).
  | Shaped<'InsightSettings', { tenantId: string }>
  | Shaped<'Budget' | 'SavingsGoal' | 'CustomerAlert', { id: string; tenantId: string; customerId: string }>
  | Shaped<'CustomerRule', { id: string; tenantId: string; customerId: string }>
  | Shaped<'DataSubjectRequest', { id: string; tenantId: string; customerSubject: string | null }>
  | Shaped<'PluginInstallation', { id: string; tenantId: string; pluginId: string }>
  | Shaped<'WebhookSubscription' | 'WebhookDelivery', { id: string; tenantId: string }>
  | Shaped<'CategoryRule', { id: string; tenantId: string }>
  // The bank's products come from its catalogue plugins, not from rows: who may list them, not which.
  | Shaped<'Product', { id: string }>
  | Shaped<'Recommendation' | 'RecommendationReview', { id: string; tenantId: string; customerId: string }>
  | Shaped<'RecommendationSettings', { tenantId: string }>
  // The bank's model registry (versions, training runs, retraining policy): not personal data.
  | Shaped<'ModelVersion', { id: string; tenantId: string }>
  // Bank surveys (versions, not personal) and a customer's answers to them.
  | Shaped<'Survey', { id: string; tenantId: string; status: string }>
  | Shaped<'SurveyResponse' | 'TransactionPrompt', { id: string; tenantId: string; customerId: string }>
  // The bank's prompt thresholds and answer rates (aggregates, no customer's rows).
  | Shaped<'TransactionPromptSettings', { tenantId: string }>
  // The bank's minimum audience of survey results (Seam D; no per-customer rows).
  | Shaped<'SurveySettings', { tenantId: string }>
  // The bank's staff directory: its staff's names, not customers' data.
  | Shaped<'StaffMember', { tenantId: string }>;

export type AppAbility = MongoAbility<[Action, AppSubjects]>;

/** Who asks and for which tenant: the inputs of an ability. */
export interface AbilityInput {
  principal: Principal | undefined;
  tenant: TenantRef | undefined;
}

/**
 * Builds the abilities of a caller from role + tenant + principal. Every rule that touches tenant data
 * carries the tenant in its conditions, so lists built from them (`accessibleWhere`) never reach another
 * tenant even before the ORM filter and row-level security do; field lists come from the role matrix.
 *
 * - anonymous: the public branding of active tenants.
 * - platform operator (platform realm): the tenant directory and onboarding runs; no bank's customers
 *   or audit trail (an operator is staff of no bank).
 * - bank administrator: its bank's tenant record and customers.
 * - compliance officer: its bank's tenant record, its customers without contact fields, its audit
 *   trail (read, verify, export) and its bank's data-subject requests (status and certificates).
 * - customer: its bank's tenant record and its own customer record (`subject` = token subject).
 * - customer data from sources (`Connection`, `Account`, `AccountTransaction`): customers connect, sync and
 *   disconnect sources and read accounts and transactions; bank staff read connections, accounts and (with
 *   step-up, see the resolvers) transactions for support. Whose rows: the customer the caller may `read`
 *   as a `Customer` (their own record, or one of their bank's for staff) — services resolve that customer
 *   first and then filter these subjects by `customerId` within the tenant conditions below.
 * - customer: its bank's tenant record and its own customer record (`subject` = token subject); its
 *   consents (read, grant, revoke/renew) and notifications (read, mark read) — the rules are bounded by
 *   the tenant, and the services add the caller's customer id (`callerCustomerId`): a token carries the
 *   subject, not the customer id, and abilities are built without a database read.
 * - bank staff (administrator, compliance officer): its bank's consents, as the overview's fields only.
 * - customer: its own data-subject requests (create: export, erasure; read).
 * - bank administrator: its bank's plugin installations and webhook subscriptions and deliveries, and its
 *   categorisation rules (`CategoryRule`).
 * - bank administrator: its bank's model registry (retrain, promote, approve, reject; step-up); compliance
 *   officers read it (oversight of automated decisions).
 * - bank staff and customers: the bank's products (`Product`, from its catalogue plugins, not rows);
 *   customers only those offered in their bank's region (`ProductsService` narrows them).
 * - customer: its own recommendations (read, respond, contest, ask for a human review; the service adds
 *   the caller's customer id); bank staff: the bank's review requests and engagement (read); compliance
 *   officers decide reviews; the bank administrator: the recommendation settings.
 * - customer: its own budgets, savings goals and alerts (create, read, update, delete); the services add the
 *   caller's customer id as for consents. Staff have no rule: these are the customer's private plans.
 * - customer: its own insights (read, respond; the service adds the caller's customer id); the bank
 *   administrator: the insight settings (read, update) and engagement by kind; compliance officers read them.
 * - bank administrator: its bank's surveys (create, change drafts, publish, close, version, results);
 *   compliance officers read them and their aggregate results; customers read the published ones (the
 *   service narrows to those open to them) and create and read their own answers (`SurveyResponse`). No
 *   staff rule reads a customer's answers: results are aggregates, free text is never shown to staff.
 *   Prompts after notable transactions likewise: customers read and answer their own
 *   (`TransactionPrompt`); the bank administrator sets the thresholds, bank staff read answer rates
 *   (`TransactionPromptSettings`). The minimum audience of survey results (`SurveySettings`): the bank
 *   administrator sets it (step-up), compliance officers read it.
 * - bank staff (administrator, compliance officer): its bank's staff directory (`StaffMember`: colleagues'
 *   names for the subjects the trail records); the bank administrator also lists the whole directory and
 *   forgets a colleague (manage; forgetting with step-up); customers and plugin developers never.
 * - plugin developer (API key, not issued yet): read-only, and only inside the sandbox tenant its key is
 *   bound to — synthetic customers and that tenant's record, never a live bank.
 */
export function defineAbilitiesFor({ principal, tenant }: AbilityInput): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  const fieldsFor = (typeName: string, role: Role) => readableFields(typeName, [role]);

  can('read', 'Tenant', ['slug', 'realm', 'branding'], { status: 'ACTIVE' });
  if (!principal) return build();

  if (principal.kind === 'platform') {
    if (principal.roles.includes('platform-operator')) {
      can('manage', 'Tenant');
      can(['create', 'read'], 'OnboardingRun');
    }
    return build();
  }

  if (!tenant) return build();
  const ownTenant = { tenantId: tenant.id };

  if (principal.kind === 'plugin') {
    if (principal.roles.includes('plugin-developer') && principal.sandboxTenantId === tenant.id) {
      can('read', 'Tenant', { id: tenant.id });
      can('read', 'Customer', ownTenant);
    }
    return build();
  }

  for (const role of principal.roles) {
    switch (role) {
      case 'bank-admin':
        can('read', 'Tenant', { id: tenant.id });
        can('read', 'Customer', fieldsFor('Customer', role), ownTenant);
        can('read', ['Connection', 'Account', 'AccountTransaction'], ownTenant);
        can('read', 'Consent', fieldsFor('ConsentSummary', role), ownTenant);
        // The bank's plugins: install, configure, enable, disable, upgrade, uninstall (step-up for changes).
        can('manage', 'PluginInstallation', ownTenant);
        // The bank's outbound webhooks: subscriptions, delivery log, replay (step-up for changes).
        can('manage', ['WebhookSubscription', 'WebhookDelivery'], ownTenant);
        // The bank's categorisation rules (enrichment): list, create, update, delete.
        can('manage', 'CategoryRule', ownTenant);
        can('read', 'Product');
        can('read', 'RecommendationReview', ownTenant);
        can(['read', 'update'], 'RecommendationSettings', ownTenant);
        // The bank's recommendation models: retrain, promote, approve, reject (step-up for changes).
        can('manage', 'ModelVersion', ownTenant);
        // Insight notification threshold and engagement figures by kind (aggregates, no customer's rows).
        can(['read', 'update'], 'InsightSettings', ownTenant);
        // Surveys: define, version, publish, close, read aggregate results; prompt settings and answer rates.
        can('manage', 'Survey', ownTenant);
        can(['read', 'update'], 'TransactionPromptSettings', ownTenant);
        // Survey settings (Seam D): the minimum audience of results (changes with step-up).
        can(['read', 'update'], 'SurveySettings', ownTenant);
        // The staff directory: read, list everyone (the Staff screen), forget a colleague now (step-up).
        can('manage', 'StaffMember', ownTenant);
        break;
      case 'compliance-officer':
        can('read', 'Tenant', { id: tenant.id });
        can('read', 'Customer', fieldsFor('Customer', role), ownTenant);
        can('read', ['Connection', 'Account', 'AccountTransaction'], ownTenant);
        can(['read', 'verify', 'export'], 'AuditEntry', ownTenant);
        can('read', 'Consent', fieldsFor('ConsentSummary', role), ownTenant);
        // Read the bank's requests; record an erasure or access request a person made by letter, branch or phone.
        can(['read', 'create'], 'DataSubjectRequest', ownTenant);
        can('read', 'Product');
        can(['read', 'update'], 'RecommendationReview', ownTenant);
        can('read', 'ModelVersion', ownTenant);
        // Insight settings and engagement by kind (aggregates): oversight of what customers are told.
        can('read', 'InsightSettings', ownTenant);
        // Surveys and their aggregate results, prompt answer rates (read only).
        can('read', ['Survey', 'TransactionPromptSettings'], ownTenant);
        // Survey settings (Seam D): read only.
        can('read', 'SurveySettings', ownTenant);
        can('read', 'StaffMember', ownTenant);
        break;
      case 'customer':
        can('read', 'Tenant', { id: tenant.id });
        can('read', 'Customer', fieldsFor('Customer', role), {
          ...ownTenant,
          subject: principal.subject,
        });
        can(['create', 'read', 'update', 'delete'], 'Connection', ownTenant);
        can('read', ['Account', 'AccountTransaction'], ownTenant);
        can(['read', 'create', 'update'], 'Consent', ownTenant);
        can(['read', 'update'], 'Notification', ownTenant);
        can(['read', 'update'], ['NotificationPreference', 'Insight'], ownTenant);
        can(['create', 'read'], 'DataSubjectRequest', { ...ownTenant, customerSubject: principal.subject });
        can(['create', 'read', 'update', 'delete'], ['Budget', 'SavingsGoal', 'CustomerAlert'], ownTenant);
        can(['create', 'read', 'update', 'delete'], 'CustomerRule', ownTenant);
        // The products offered in the bank's region (the service narrows customers to it).
        can('read', 'Product');
        can(['read', 'update'], 'Recommendation', ownTenant);
        // Published surveys (the service narrows to those open to the caller) and their own answers.
        can('read', 'Survey', { ...ownTenant, status: 'published' });
        can(['create', 'read'], 'SurveyResponse', ownTenant);
        // Prompts about their notable transactions: read and answer (the service adds their customer id).
        can(['read', 'update'], 'TransactionPrompt', ownTenant);
        break;
      default:
        // Roles of another kind of principal (e.g. `platform-operator` granted by a bank realm) give nothing.
        break;
    }
  }
  return build();
}

const abilities = new WeakMap<object, AppAbility>();

/**
 * The current caller's abilities, built once per request context (the principal and tenant are fixed
 * once identity has run) and reused by every resolver and service of the request.
 */
export function currentAbility(): AppAbility {
  const context = currentContext();
  if (!context) throw new Error('No request context: run this inside a request or runAsTenant()');
  let ability = abilities.get(context);
  if (!ability) {
    ability = defineAbilitiesFor({ principal: context.principal, tenant: context.tenant });
    abilities.set(context, ability);
  }
  return ability;
}
