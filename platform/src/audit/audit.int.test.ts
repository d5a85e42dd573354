import { GraphQLSchemaHost } from '@nestjs/graphql';
import { Client, Connection } from '@temporalio/client';
import type { GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runAsTenant } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture, tokensOf } from '../testing/api-fixture';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import { withClient } from '../testing/deploy';
import { demoBank, demoBankCustomers, otherBank } from '../testing/seed';
import { currentConsentText } from '../consents';
import { CustomersService } from '../customers';
import { DEMO_CUSTOMER_SUBJECT } from '../onboarding';
import {
  connectionIdsOf,
  prepareSourceWorld,
  type SourceWorld,
  terminateSyncWorkflows,
} from '../testing/customer-data';
import { rowsAsTenant } from '../testing/tenant-rows';
import { pushSubscriptionKeys, seedPushSubscription } from '../testing/notification-fixtures';
import { seedConsent } from '../testing/consent-seed';
import { base64Of, statementFixtures } from '../testing/statement-files';
import { type PluginWorld, preparePluginWorld } from '../testing/plugin-fixtures';
import { type WebhookWorld, prepareWebhookWorld } from '../testing/webhook-fixtures';
import { type EnrichmentWorld, prepareEnrichmentWorld } from '../testing/enrichment-fixtures';
import { type InsightWorld, prepareInsightWorld } from '../testing/insight-fixtures';
import { prepareRecommendationWorld, type RecommendationWorld } from '../testing/recommendation-fixtures';
import { type ModelWorld, prepareModelWorld } from '../testing/model-fixtures';
import { AuditService } from './audit.service';
import { withRulePack } from '../testing/rule-packs';
import { type CustomerToolsWorld, prepareCustomerToolsWorld } from '../testing/customer-tools-fixtures';
import { type CustomerRulesWorld, prepareCustomerRulesWorld } from '../testing/customer-rules-fixtures';
import { prepareSurveyWorld, type SurveyWorld } from '../testing/survey-fixtures';
import { prepareStaffWorld, type StaffWorld } from '../testing/staff-fixtures';

const trailQuery = `query Trail($first: Int, $after: String, $from: DateTime, $to: DateTime) {
  auditTrail(first: $first, after: $after, from: $from, to: $to) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node { seq action resourceType resourceId outcome changes requestId ip prevHash hash
      actor { subject realm roles client } occurredAt } }
  }
}`;
const filteredTrailQuery = `query FilteredTrail($first: Int, $after: String, $order: AuditOrder, $action: String,
  $outcome: AuditOutcome, $resourceType: String, $resourceId: String, $actorSubject: String, $from: DateTime, $to: DateTime) {
  auditTrail(first: $first, after: $after, order: $order, action: $action, outcome: $outcome,
    resourceType: $resourceType, resourceId: $resourceId, actorSubject: $actorSubject, from: $from, to: $to) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node { seq action resourceType resourceId outcome actor { subject } } }
  }
}`;
const verifyQuery = `{ verifyAuditTrail { intact checked headSeq headHash firstBroken { seq problem detail } } }`;
const exportQuery = `query Export($from: DateTime!, $to: DateTime!, $format: AuditExportFormat) {
  exportAuditTrail(from: $from, to: $to, format: $format)
}`;
const customersQuery = `{ customers(first: 5) { totalCount } }`;

interface Row {
  seq: string;
  action: string;
  outcome: string;
  resource_id: string | null;
  actor_subject: string;
  request_id: string;
  changes: Record<string, unknown>;
}

/**
 * Every mutation in the schema, with a call that succeeds and the audit action it must write (and on
 * which chain). A mutation added to the schema without an entry here fails the generic test below:
 * add one, and make the mutation record an audit entry.
 */
/** What the calls act on: the lifecycle mutations' bank, and the consents and reminder seeded for customers. */
interface MutationTargets {
  /** A bank of this suite's database that the lifecycle mutations act on. */
  lifecycleTenantId: string;
  /** Ana's consent (demo bank, EU) and its reminder. */
  consentId: string;
  notificationId: string;
  /** The second bank's customer's consent (UK: renewed by reconfirmation, no second factor needed). */
  secondBankConsentId: string;
  /** The demo customer's aggregation consent and connections (the connection mutations act on them). */
  sources: SourceWorld;
  /** The demo bank's fixture plugins (the plugin mutations act on them). */
  plugins: PluginWorld;
  /** The demo bank's webhook subscriptions and a dead delivery (the webhook mutations act on them). */
  webhooks: WebhookWorld;
  /** Ana's budgets and savings goals (the customer-tool mutations act on them). */
  customerTools: CustomerToolsWorld;
  /** The demo bank's categorisation rules and Ana's transaction (the enrichment mutations act on them). */
  enrichment: EnrichmentWorld;
  /** Ana's own rules and open rule suggestions (the customer-rule mutations act on them). */
  customerRules: CustomerRulesWorld;
  /** Ana's recommendations and an open review request (the recommendation mutations act on them). */
  recommendations: RecommendationWorld;
  /** Ana's live insight (`respondToInsight`). */
  insights: InsightWorld;
  /** The demo bank's fixture recommendation model and versions (the model-registry mutations act on them). */
  models: ModelWorld;
  /** Ana's browser subscribed to web push (`removePushSubscription`). */
  pushSubscriptionId: string;
  /** The demo bank's surveys in each state, one open to Ana (the survey mutations act on them). */
  surveys: SurveyWorld;
  /** A demo-bank customer other than Ana, whose erasure and access request a compliance officer records. */
  erasureCustomerId: string;
  /** Staff members in the demo bank's directory (`forgetStaffMember` removes one). */
  staff: StaffWorld;
}

const mutationCalls: Record<
  string,
  {
    document: string;
    variables: (targets: MutationTargets) => Record<string, unknown>;
    /** `secondCustomer`: a customer of the second bank (UK) who signs in with a one-time code (step-up). */
    as: 'operator' | 'bankAdmin' | 'complianceOfficer' | 'customer' | 'secondCustomer';
    action: string;
    /** The chain the entry is on: the platform's (default), the demo bank's or the second bank's. */
    chain?: 'platform' | 'bank' | 'second';
    /** Puts the data in the state the call needs (run as the system, before the call). */
    prepare?: (tenancy: TenancyService, lifecycleTenantId: string) => Promise<unknown>;
  }
> = {
  onboardTenant: {
    document: `mutation($input: OnboardTenantInput!) { onboardTenant(input: $input) { workflowId } }`,
    variables: () => ({
      input: {
        slug: auditedSlug,
        name: 'Audited Bank',
        region: 'EU',
        realm: auditedSlug,
        branding: {
          displayName: 'Audited Bank',
          primaryColor: '#101010',
          accentColor: '#202020',
          logoUrl: null,
        },
        customers: [{ displayName: 'Jo Bloggs', email: 'jo@audited.example' }],
      },
    }),
    as: 'operator',
    action: 'tenant.onboard',
  },
  updateTenantBranding: {
    document: `mutation($id: ID!, $branding: BrandingInput!) { updateTenantBranding(id: $id, branding: $branding) { id } }`,
    variables: ({ lifecycleTenantId: id }) => ({
      id,
      branding: { displayName: 'Rebranded', primaryColor: '#123456', accentColor: '#654321', logoUrl: null },
    }),
    as: 'operator',
    action: 'tenant.update-branding',
  },
  suspendTenant: {
    document: `mutation($id: ID!) { suspendTenant(id: $id, reason: "audit test") { id } }`,
    variables: ({ lifecycleTenantId: id }) => ({ id }),
    as: 'operator',
    action: 'tenant.suspend',
    prepare: async (tenancy, id) =>
      (await tenancy.getById(id)).status === 'SUSPENDED' ? tenancy.reactivate(id) : undefined,
  },
  reactivateTenant: {
    document: `mutation($id: ID!) { reactivateTenant(id: $id) { id } }`,
    variables: ({ lifecycleTenantId: id }) => ({ id }),
    as: 'operator',
    action: 'tenant.reactivate',
    prepare: async (tenancy, id) =>
      (await tenancy.getById(id)).status === 'ACTIVE' ? tenancy.suspend(id, 'audit test') : undefined,
  },
  connectSource: {
    document: `mutation($input: ConnectSourceInput!) { connectSource(input: $input) { connection { id } } }`,
    variables: ({ sources }) => ({
      input: { connector: sources.connector, consentId: sources.consentId, redirectUri: sources.redirectUri },
    }),
    as: 'customer',
    chain: 'bank',
    action: 'connection.create',
  },
  completeConnection: {
    document: `mutation($input: CompleteConnectionInput!) { completeConnection(input: $input) { id } }`,
    variables: ({ sources }) => ({
      input: { state: sources.pendingState, callback: sources.pendingCallback },
    }),
    as: 'customer',
    chain: 'bank',
    action: 'connection.complete',
  },
  disconnectConnection: {
    document: `mutation($id: ID!) { disconnectConnection(id: $id) { id } }`,
    variables: ({ sources }) => ({ id: sources.disconnectableConnectionId }),
    as: 'customer',
    chain: 'bank',
    action: 'connection.disconnect',
  },
  syncConnection: {
    document: `mutation($id: ID!) { syncConnection(id: $id) { id } }`,
    variables: ({ sources }) => ({ id: sources.connectionId }),
    as: 'customer',
    chain: 'bank',
    action: 'connection.sync',
  },
  importStatement: {
    document: `mutation($input: ImportStatementInput!) { importStatement(input: $input) { connection { id } } }`,
    variables: ({ sources }) => ({
      input: {
        consentId: sources.consentId,
        format: 'CAMT053',
        content: base64Of(statementFixtures.camt053()),
        fileName: 'audited.xml',
      },
    }),
    as: 'customer',
    chain: 'bank',
    action: 'statement.import',
  },
  grantConsent: {
    document: `mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id } }`,
    variables: () => ({
      input: { purpose: 'MARKETING', textVersion: currentConsentText('marketing', 'en').version },
    }),
    as: 'customer',
    chain: 'bank',
    action: 'consent.grant',
  },
  revokeConsent: {
    document: `mutation($id: ID!) { revokeConsent(id: $id) { id } }`,
    variables: ({ consentId }) => ({ id: consentId }),
    as: 'customer',
    chain: 'bank',
    action: 'consent.revoke',
  },
  renewConsent: {
    document: `mutation($id: ID!) { renewConsent(id: $id) { id } }`,
    variables: ({ secondBankConsentId }) => ({ id: secondBankConsentId }),
    as: 'secondCustomer',
    chain: 'second',
    action: 'consent.renew',
  },
  createBudget: {
    document: `mutation($input: CreateBudgetInput!) { createBudget(input: $input) { id } }`,
    variables: () => ({ input: { category: 'travel', amountMinor: '50000', currency: 'EUR' } }),
    as: 'customer',
    chain: 'bank',
    action: 'budget.create',
  },
  updateBudget: {
    document: `mutation($id: ID!) { updateBudget(id: $id, input: { amountMinor: "45000" }) { id } }`,
    variables: ({ customerTools }) => ({ id: customerTools.budgetId }),
    as: 'customer',
    chain: 'bank',
    action: 'budget.update',
  },
  deleteBudget: {
    document: `mutation($id: ID!) { deleteBudget(id: $id) { id } }`,
    variables: ({ customerTools }) => ({ id: customerTools.deletableBudgetId }),
    as: 'customer',
    chain: 'bank',
    action: 'budget.delete',
  },
  createSavingsGoal: {
    document: `mutation($input: CreateSavingsGoalInput!) { createSavingsGoal(input: $input) { id } }`,
    variables: () => ({ input: { name: 'Audited goal', targetAmountMinor: '100000', currency: 'EUR' } }),
    as: 'customer',
    chain: 'bank',
    action: 'savings-goal.create',
  },
  updateSavingsGoal: {
    document: `mutation($id: ID!) { updateSavingsGoal(id: $id, input: { name: "Renamed" }) { id } }`,
    variables: ({ customerTools }) => ({ id: customerTools.savingsGoalId }),
    as: 'customer',
    chain: 'bank',
    action: 'savings-goal.update',
  },
  contributeToSavingsGoal: {
    document: `mutation($id: ID!) { contributeToSavingsGoal(id: $id, amountMinor: "1000") { id } }`,
    variables: ({ customerTools }) => ({ id: customerTools.savingsGoalId }),
    as: 'customer',
    chain: 'bank',
    action: 'savings-goal.contribute',
  },
  deleteSavingsGoal: {
    document: `mutation($id: ID!) { deleteSavingsGoal(id: $id) { id } }`,
    variables: ({ customerTools }) => ({ id: customerTools.deletableSavingsGoalId }),
    as: 'customer',
    chain: 'bank',
    action: 'savings-goal.delete',
  },
  createAlert: {
    document: `mutation($input: CreateAlertInput!) { createAlert(input: $input) { id } }`,
    variables: () => ({ input: { kind: 'TRANSACTION_ABOVE', thresholdMinor: '50000', currency: 'EUR' } }),
    as: 'customer',
    chain: 'bank',
    action: 'alert.create',
  },
  updateAlert: {
    document: `mutation($id: ID!) { updateAlert(id: $id, input: { cooldownHours: 6 }) { id } }`,
    variables: ({ customerTools }) => ({ id: customerTools.alertId }),
    as: 'customer',
    chain: 'bank',
    action: 'alert.update',
  },
  deleteAlert: {
    document: `mutation($id: ID!) { deleteAlert(id: $id) { id } }`,
    variables: ({ customerTools }) => ({ id: customerTools.deletableAlertId }),
    as: 'customer',
    chain: 'bank',
    action: 'alert.delete',
  },
  // A customer's own rules and rule suggestions (customer-tools/customer-rules.resolver.ts).
  createCustomerRule: {
    document: `mutation($input: CreateCustomerRuleInput!) { createCustomerRule(input: $input) { id } }`,
    variables: () => ({
      input: {
        action: 'ALERT',
        conditions: { all: [{ direction: 'debit' }, { any: [{ merchantContains: ['audited gym'] }] }] },
      },
    }),
    as: 'customer',
    chain: 'bank',
    action: 'customer-rule.create',
  },
  updateCustomerRule: {
    document: `mutation($id: ID!) { updateCustomerRule(id: $id, input: { enabled: false }) { id } }`,
    variables: ({ customerRules }) => ({ id: customerRules.ruleId }),
    as: 'customer',
    chain: 'bank',
    action: 'customer-rule.update',
  },
  applyRuleToPast: {
    document: `mutation($id: ID!) { applyRuleToPast(id: $id) { changed } }`,
    variables: ({ customerRules }) => ({ id: customerRules.ruleId }),
    as: 'customer',
    chain: 'bank',
    action: 'customer-rule.apply-to-past',
  },
  deleteCustomerRule: {
    document: `mutation($id: ID!) { deleteCustomerRule(id: $id) { id } }`,
    variables: ({ customerRules }) => ({ id: customerRules.deletableRuleId }),
    as: 'customer',
    chain: 'bank',
    action: 'customer-rule.delete',
  },
  acceptSuggestion: {
    document: `mutation($id: ID!) { acceptSuggestion(id: $id) { id } }`,
    variables: ({ customerRules }) => ({ id: customerRules.suggestionId }),
    as: 'customer',
    chain: 'bank',
    action: 'customer-rule.create',
  },
  dismissSuggestion: {
    document: `mutation($id: ID!) { dismissSuggestion(id: $id) { id } }`,
    variables: ({ customerRules }) => ({ id: customerRules.dismissableSuggestionId }),
    as: 'customer',
    chain: 'bank',
    action: 'rule-suggestion.dismiss',
  },
  markNotificationRead: {
    document: `mutation($id: ID!) { markNotificationRead(id: $id) { id } }`,
    variables: ({ notificationId }) => ({ id: notificationId }),
    as: 'customer',
    chain: 'bank',
    action: 'notification.read',
  },
  updateNotificationPreferences: {
    document: `mutation($input: NotificationPreferencesInput!) { updateNotificationPreferences(input: $input) { timeZone } }`,
    variables: () => ({
      input: { timeZone: 'Europe/Ljubljana', quietHours: { start: '22:00', end: '07:00' } },
    }),
    as: 'customer',
    chain: 'bank',
    action: 'notification-preference.update',
  },
  registerPushSubscription: {
    document: `mutation($input: PushSubscriptionInput!) { registerPushSubscription(input: $input) { id } }`,
    variables: () => ({
      input: { endpoint: 'https://push.audited.example/s/2', ...pushSubscriptionKeys().keys },
    }),
    as: 'customer',
    chain: 'bank',
    action: 'push-subscription.register',
  },
  removePushSubscription: {
    document: `mutation($id: ID!) { removePushSubscription(id: $id) }`,
    variables: ({ pushSubscriptionId }) => ({ id: pushSubscriptionId }),
    as: 'customer',
    chain: 'bank',
    action: 'push-subscription.remove',
  },
  requestDataExport: {
    document: `mutation { requestDataExport { request { id } } }`,
    variables: () => ({}),
    as: 'customer',
    action: 'data-subject-request.export',
    chain: 'bank',
  },
  requestErasure: {
    document: `mutation { requestErasure { id } }`,
    variables: () => ({}),
    as: 'secondCustomer',
    action: 'data-subject-request.erasure',
    chain: 'second',
  },
  recordErasureRequest: {
    document: `mutation($customerId: ID!) { recordErasureRequest(customerId: $customerId, receivedVia: LETTER, identityVerified: true) { id } }`,
    variables: ({ erasureCustomerId }) => ({ customerId: erasureCustomerId }),
    as: 'complianceOfficer',
    action: 'data-subject-request.erasure',
    chain: 'bank',
  },
  recordDataExportRequest: {
    document: `mutation($customerId: ID!) { recordDataExportRequest(customerId: $customerId, receivedVia: BRANCH, identityVerified: true) { downloadPath } }`,
    variables: ({ erasureCustomerId }) => ({ customerId: erasureCustomerId }),
    as: 'complianceOfficer',
    action: 'data-subject-request.export',
    chain: 'bank',
  },
  installPlugin: {
    document: `mutation($pluginId: String!) { installPlugin(pluginId: $pluginId) { id } }`,
    variables: ({ plugins }) => ({ pluginId: plugins.installable }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'plugin.install',
  },
  configurePlugin: {
    document: `mutation($pluginId: String!, $settings: String!) { configurePlugin(pluginId: $pluginId, settings: $settings) { id } }`,
    variables: ({ plugins }) => ({
      pluginId: plugins.installed,
      settings: JSON.stringify({ apiUrl: 'https://api.audited.example', apiKey: 'audited-secret-key' }),
    }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'plugin.configure',
  },
  enablePlugin: {
    document: `mutation($pluginId: String!) { enablePlugin(pluginId: $pluginId) { id } }`,
    variables: ({ plugins }) => ({ pluginId: plugins.installed }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'plugin.enable',
  },
  disablePlugin: {
    document: `mutation($pluginId: String!) { disablePlugin(pluginId: $pluginId) { id } }`,
    variables: ({ plugins }) => ({ pluginId: plugins.installed }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'plugin.disable',
  },
  upgradePlugin: {
    document: `mutation($pluginId: String!, $version: String!) { upgradePlugin(pluginId: $pluginId, version: $version) { id } }`,
    variables: ({ plugins }) => ({ pluginId: plugins.installed, version: plugins.upgradeTo }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'plugin.upgrade',
  },
  uninstallPlugin: {
    document: `mutation($pluginId: String!) { uninstallPlugin(pluginId: $pluginId) { id } }`,
    variables: ({ plugins }) => ({ pluginId: plugins.uninstallable }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'plugin.uninstall',
  },
  createWebhookSubscription: {
    document: `mutation($url: String!, $eventTypes: [WebhookEventType!]!) { createWebhookSubscription(url: $url, eventTypes: $eventTypes) { secret } }`,
    variables: () => ({ url: 'https://hooks.audited.example/events', eventTypes: ['CONSENT_GRANTED'] }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'webhook-subscription.create',
  },
  updateWebhookSubscription: {
    document: `mutation($subscriptionId: ID!) { updateWebhookSubscription(subscriptionId: $subscriptionId, enabled: false) { id } }`,
    variables: ({ webhooks }) => ({ subscriptionId: webhooks.subscriptionId }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'webhook-subscription.update',
  },
  rotateWebhookSecret: {
    document: `mutation($subscriptionId: ID!) { rotateWebhookSecret(subscriptionId: $subscriptionId) { secret } }`,
    variables: ({ webhooks }) => ({ subscriptionId: webhooks.subscriptionId }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'webhook-subscription.rotate-secret',
  },
  replayWebhookDelivery: {
    document: `mutation($deliveryId: ID!) { replayWebhookDelivery(deliveryId: $deliveryId) { id } }`,
    variables: ({ webhooks }) => ({ deliveryId: webhooks.deliveryId }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'webhook-delivery.replay',
  },
  replayDeadWebhookDeliveries: {
    document: `mutation($subscriptionId: ID!) { replayDeadWebhookDeliveries(subscriptionId: $subscriptionId) }`,
    variables: ({ webhooks }) => ({ subscriptionId: webhooks.subscriptionId }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'webhook-delivery.replay',
  },
  retrainRecommendationModel: {
    document: `mutation($modelPluginId: String!) { retrainRecommendationModel(modelPluginId: $modelPluginId, reason: "audit test") { workflowId } }`,
    variables: ({ models }) => ({ modelPluginId: models.modelPluginId }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'model-training.request',
  },
  promoteModelVersion: {
    document: `mutation($id: ID!) { promoteModelVersion(id: $id, reason: "audit test") { id status } }`,
    variables: ({ models }) => ({ id: models.promotableVersionId }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'model-version.promote',
  },
  approveModelVersion: {
    document: `mutation($id: ID!) { approveModelVersion(id: $id) { id status } }`,
    variables: ({ models }) => ({ id: models.approvableVersionId }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'model-version.approve',
  },
  rejectModelVersion: {
    document: `mutation($id: ID!) { rejectModelVersion(id: $id, reason: "audit test") { id status } }`,
    variables: ({ models }) => ({ id: models.rejectableVersionId }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'model-version.reject',
  },
  deleteWebhookSubscription: {
    document: `mutation($subscriptionId: ID!) { deleteWebhookSubscription(subscriptionId: $subscriptionId) { id } }`,
    variables: ({ webhooks }) => ({ subscriptionId: webhooks.deletableSubscriptionId }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'webhook-subscription.delete',
  },
  forgetStaffMember: {
    document: `mutation($subject: String!) { forgetStaffMember(subject: $subject) }`,
    variables: ({ staff }) => ({ subject: staff.forgettableSubject }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'staff-directory.forget',
  },
  createCategoryRule: {
    document: `mutation($input: CategoryRuleInput!) { createCategoryRule(input: $input) { id } }`,
    variables: () => ({
      input: { name: 'Audited rule', priority: 3, category: 'travel', conditions: { mcc: ['4511'] } },
    }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'category-rule.create',
  },
  updateCategoryRule: {
    document: `mutation($ruleId: ID!) { updateCategoryRule(ruleId: $ruleId, input: { enabled: false }) { id } }`,
    variables: ({ enrichment }) => ({ ruleId: enrichment.ruleId }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'category-rule.update',
  },
  deleteCategoryRule: {
    document: `mutation($ruleId: ID!) { deleteCategoryRule(ruleId: $ruleId) { id } }`,
    variables: ({ enrichment }) => ({ ruleId: enrichment.deletableRuleId }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'category-rule.delete',
  },
  retrainCategoriser: {
    document: `mutation { retrainCategoriser { trained reason } }`,
    variables: () => ({}),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'category-model.train',
  },
  categoriseTransaction: {
    document: `mutation($id: ID!) { categoriseTransaction(transactionId: $id, category: "shopping") { category } }`,
    variables: ({ enrichment }) => ({ id: enrichment.transactionId }),
    as: 'customer',
    chain: 'bank',
    action: 'transaction.categorise',
  },
  // In schema order: the contest opens a review, the officer decides the other one, whose recommendation is
  // then free for a new human-review request.
  contestRecommendation: {
    document: `mutation($id: ID!) { contestRecommendation(id: $id, text: "It does not fit me") { id } }`,
    variables: ({ recommendations }) => ({ id: recommendations.recommendationId }),
    as: 'customer',
    chain: 'bank',
    action: 'recommendation.contest',
  },
  decideRecommendationReview: {
    document: `mutation($id: ID!) { decideRecommendationReview(id: $id, decision: UPHELD, note: "Fits the customer's savings") { id } }`,
    variables: ({ recommendations }) => ({ id: recommendations.reviewId }),
    as: 'complianceOfficer',
    chain: 'bank',
    action: 'recommendation-review.decide',
  },
  requestHumanReview: {
    document: `mutation($id: ID!) { requestHumanReview(id: $id) { id } }`,
    variables: ({ recommendations }) => ({ id: recommendations.reviewedRecommendationId }),
    as: 'customer',
    chain: 'bank',
    action: 'recommendation.review-request',
  },
  createSurvey: {
    document: `mutation($input: SurveyInput!) { createSurvey(input: $input) { id } }`,
    variables: () => ({
      input: {
        title: 'Audited survey',
        questions: [{ kind: 'RATING', text: 'How likely is a credit card?', productType: 'CREDIT_CARD' }],
        audience: { consentPurpose: 'ANALYTICS' },
      },
    }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'survey.create',
  },
  updateSurvey: {
    document: `mutation($id: ID!) { updateSurvey(id: $id, input: { title: "Renamed", questions: [{ kind: FREE_TEXT, text: "Why?" }], audience: { consentPurpose: ANALYTICS } }) { id } }`,
    variables: ({ surveys }) => ({ id: surveys.draftSurveyId }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'survey.update',
  },
  publishSurvey: {
    document: `mutation($id: ID!) { publishSurvey(id: $id) { id } }`,
    variables: ({ surveys }) => ({ id: surveys.publishableSurveyId }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'survey.publish',
  },
  closeSurvey: {
    document: `mutation($id: ID!) { closeSurvey(id: $id) { id } }`,
    variables: ({ surveys }) => ({ id: surveys.closableSurveyId }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'survey.close',
  },
  createSurveyVersion: {
    document: `mutation($id: ID!) { createSurveyVersion(id: $id) { id } }`,
    variables: ({ surveys }) => ({ id: surveys.versionableSurveyId }),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'survey.version',
  },
  answerSurvey: {
    document: `mutation($input: AnswerSurveyInput!) { answerSurvey(input: $input) { id } }`,
    variables: ({ surveys }) => ({
      input: { surveyId: surveys.openSurveyId, answers: [{ questionId: 'q1', choiceIds: ['c2'] }] },
    }),
    as: 'customer',
    chain: 'bank',
    action: 'survey.answer',
  },
  answerTransactionPrompt: {
    document: `mutation($input: AnswerTransactionPromptInput!) { answerTransactionPrompt(input: $input) { id } }`,
    variables: ({ surveys }) => ({ input: { promptId: surveys.promptId, answer: 'UNEXPECTED' } }),
    as: 'customer',
    chain: 'bank',
    action: 'transaction-prompt.answer',
  },
  updateTransactionPromptSettings: {
    document: `mutation { updateTransactionPromptSettings(input: { weeklyCap: 3 }) { weeklyCap } }`,
    variables: () => ({}),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'transaction-prompt-settings.update',
  },
  respondToRecommendation: {
    document: `mutation($id: ID!) { respondToRecommendation(id: $id, outcome: ACCEPTED, rating: 5) { id } }`,
    variables: ({ recommendations }) => ({ id: recommendations.recommendationId }),
    as: 'customer',
    chain: 'bank',
    action: 'recommendation.respond',
  },
  updateRecommendationSettings: {
    document: `mutation { updateRecommendationSettings(maxPerPeriod: 2, dismissedReturnAfterDays: 180) { maxPerPeriod } }`,
    variables: () => ({}),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'recommendation-settings.update',
  },
  respondToInsight: {
    document: `mutation($id: ID!) { respondToInsight(input: { insightId: $id, outcome: ACTED, rating: 1 }) { id } }`,
    variables: ({ insights }) => ({ id: insights.insightId }),
    as: 'customer',
    chain: 'bank',
    action: 'insight.respond',
  },
  updateInsightSettings: {
    document: `mutation { updateInsightSettings(input: { notifyThreshold: 0.7 }) { notifyThreshold } }`,
    variables: () => ({}),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'insight-settings.update',
  },
  // Survey settings (Seam D).
  updateSurveySettings: {
    document: `mutation { updateSurveySettings(input: { minimumAudience: 12 }) { minimumAudience } }`,
    variables: () => ({}),
    as: 'bankAdmin',
    chain: 'bank',
    action: 'survey-settings.update',
  },
};
const auditedSlug = `audited-${Date.now().toString(36)}`;

describe('audit trail through the API', () => {
  let api: ApiFixture;
  let tokens: {
    bankAdmin: string;
    complianceOfficer: string;
    customer: string;
    operator: string;
    secondCustomer: string;
  };
  let bank: { id: string; slug: string; realm: string };
  let second: BankRealm;
  let secondBank: { id: string; slug: string; realm: string };
  let temporal: { connection: Connection; client: Client };
  let sources: SourceWorld;
  /** Retraining workflows the model mutations start (no worker runs them here). */
  const modelWorkflows: string[] = [];

  /** The entries of a chain as the owner sees them (tenant set the way the platform sets it). */
  const chainRows = (tenantId: string | null) =>
    withClient(api.database.ownerUrl, async (client) => {
      await client.query('begin');
      try {
        if (tenantId) await client.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
        const result = await client.query<Row>(
          `select seq, action, outcome, resource_id, actor_subject, request_id, changes
             from audit_entry where chain = coalesce($1::text, 'platform') order by seq`,
          [tenantId],
        );
        return result.rows;
      } finally {
        await client.query('rollback');
      }
    });

  beforeAll(async () => {
    api = await startApiFixture();
    const tenancy = api.running.app.get(TenancyService);
    bank = tenantRef(await withRulePack(api.running.app, tenancy.upsertTenant(demoBank)));
    await withRulePack(api.running.app, tenancy.upsertTenant(otherBank));
    await api.running.app.get(CustomersService).upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    second = await createBankRealm('audit-bank', { customers: ['audited.customer'] });
    secondBank = tenantRef(
      await withRulePack(
        api.running.app,
        tenancy.upsertTenant({
          ...otherBank,
          slug: second.realm,
          realm: second.realm,
          name: 'Second Bank',
        }),
      ),
    );
    await api.running.app
      .get(CustomersService)
      .upsertDemoCustomers(secondBank.slug, [
        { subject: second.customers[0]!.subject, displayName: 'Audited Customer' },
      ]);
    const [bankAdmin, complianceOfficer, customer, operator] = await Promise.all(
      (['bankAdmin', 'complianceOfficer', 'customer', 'operator'] as const).map((user) =>
        tokensOf(user).then((t) => t.accessToken),
      ),
    );
    tokens = {
      bankAdmin: bankAdmin!,
      complianceOfficer: complianceOfficer!,
      customer: customer!,
      operator: operator!,
      secondCustomer: await second.customerToken('audited.customer'),
    };
    const connection = await Connection.connect({ address: inject('services').TEMPORAL_ADDRESS });
    temporal = { connection, client: new Client({ connection }) };
  });
  afterAll(async () => {
    await terminateSyncWorkflows(
      temporal?.client,
      await connectionIdsOf(api.database.ownerUrl, [bank.id]).catch(() => []),
    );
    for (const workflowId of [`onboard-tenant:${auditedSlug}`, ...modelWorkflows]) {
      await temporal?.client.workflow
        .getHandle(workflowId)
        .terminate('test finished')
        .catch(() => undefined);
    }
    await temporal?.connection.close();
    await second?.remove().catch(() => undefined);
    await api?.close();
  });

  it('seeding wrote the tenant on the platform chain and each customer on the bank chain, values redacted', async () => {
    const platform = await chainRows(null);
    expect(platform.map((row) => row.action)).toEqual(['tenant.create', 'tenant.create', 'tenant.create']);
    expect(platform[0]?.changes).toMatchObject({
      slug: 'demo-bank',
      name: '[redacted]',
      region: demoBank.region,
    });
    const all = await chainRows(bank.id);
    // First the bank's rule pack, installed and enabled by the system (as onboarding does), then its customers.
    expect(all.slice(0, 2).map((row) => [row.action, row.changes.pluginId])).toEqual([
      ['plugin.install', 'compliance-eu'],
      ['plugin.enable', 'compliance-eu'],
    ]);
    const rows = all.slice(2);
    expect(rows).toHaveLength(25);
    expect(rows.every((row) => row.action === 'customer.create' && row.actor_subject === 'system')).toBe(
      true,
    );
    const text = JSON.stringify(rows);
    for (const customer of demoBankCustomers) {
      expect(text).not.toContain(customer.displayName);
      if (customer.email) expect(text).not.toContain(customer.email);
    }
  });

  it('every mutation in the schema writes an audit entry when it succeeds (checked generically)', async () => {
    const schema: GraphQLSchema = api.running.app.get(GraphQLSchemaHost).schema;
    const mutations = Object.keys(schema.getMutationType()?.getFields() ?? {});
    expect(mutations.length).toBeGreaterThan(0);
    expect(
      mutations.filter((name) => !mutationCalls[name]),
      'mutations without an audited call here',
    ).toEqual([]);
    const tenancy = api.running.app.get(TenancyService);
    const lifecycleTenantId = (await tenancy.findBySlug(otherBank.slug))!.id;
    // Ana's consent and connections, made here so the seeding test above sees only the seed's entries.
    const [anaRow] = await rowsAsTenant<{ id: string }>(
      api.database.ownerUrl,
      bank.id,
      'select id from customer where subject = $1',
      [DEMO_CUSTOMER_SUBJECT],
    );
    sources = await prepareSourceWorld(api.running.app, bank, {
      id: anaRow!.id,
      subject: DEMO_CUSTOMER_SUBJECT,
    });

    const ana = await seedConsent(api.running.app, api.database.ownerUrl, bank, DEMO_CUSTOMER_SUBJECT, {
      reminder: true,
    });
    const secondBankConsent = await seedConsent(
      api.running.app,
      api.database.ownerUrl,
      secondBank,
      second.customers[0]!.subject,
    );
    const enrichment = await prepareEnrichmentWorld(api.running.app, bank, anaRow!.id, 'audited');
    const targets: MutationTargets = {
      lifecycleTenantId,
      consentId: ana.consentId,
      notificationId: ana.notificationId!,
      secondBankConsentId: secondBankConsent.consentId,
      sources,
      plugins: await preparePluginWorld(api.running.app, bank, 'audited'),
      webhooks: await prepareWebhookWorld(api.running.app, bank, 'audited'),
      customerTools: await prepareCustomerToolsWorld(api.running.app, bank, anaRow!.id),
      enrichment,
      customerRules: await prepareCustomerRulesWorld(api.running.app, bank, anaRow!.id, 'Audited'),
      recommendations: await prepareRecommendationWorld(api.running.app, bank, anaRow!.id, 'audited'),
      insights: await prepareInsightWorld(api.running.app, bank, anaRow!.id, 'audited'),
      models: await prepareModelWorld(api.running.app, bank, 'audited'),
      surveys: await prepareSurveyWorld(
        api.running.app,
        bank,
        anaRow!.id,
        'audited',
        enrichment.transactionId,
      ),
      // A customer the bank imported from its records (no login): what a recorded erasure is for.
      erasureCustomerId: (
        await runAsTenant(bank, () =>
          api.running.app
            .get(CustomersService)
            .upsertBankImported({ displayName: 'Audited Import', sourceRef: 'audited-erasure' }),
        )
      ).id,
      staff: await prepareStaffWorld(api.running.app, bank, 'Audited'),
      pushSubscriptionId: await seedPushSubscription(
        api.running.app,
        bank,
        DEMO_CUSTOMER_SUBJECT,
        'https://push.audited.example/s/1',
      ),
    };
    modelWorkflows.push(targets.models.workflowId);
    const chainOf = (chain: 'platform' | 'bank' | 'second' | undefined) =>
      ({ platform: null, bank: bank.id, second: secondBank.id })[chain ?? 'platform'];
    for (const name of mutations) {
      const call = mutationCalls[name]!;
      await call.prepare?.(tenancy, lifecycleTenantId);
      const before = (await chainRows(chainOf(call.chain))).length;
      const { body } = await api.graphql(call.document, {
        token: tokens[call.as],
        variables: call.variables(targets),
      });
      expect(body.errors, name).toBeUndefined();
      const after = await chainRows(chainOf(call.chain));
      expect(
        after.slice(before).map((row) => row.action),
        name,
      ).toContain(call.action);
    }
  });

  it('a staff read of customers is recorded on the bank chain, with actor, client, ip and request id', async () => {
    const before = (await chainRows(bank.id)).length;
    // The trail is read from just before this request: the generic mutation test fills pages of the chain.
    const readFrom = new Date(Date.now() - 2_000).toISOString();
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${tokens.bankAdmin}`,
        'x-request-id': 'read-1',
      },
      body: JSON.stringify({ query: customersQuery }),
    });
    expect(response.status).toBe(200);
    const rows = (await chainRows(bank.id)).slice(before);
    expect(rows).toEqual([
      expect.objectContaining({ action: 'customer.list', outcome: 'allowed', request_id: 'read-1' }),
    ]);
    const page = await api.graphql<{ auditTrail: { edges: { node: Record<string, unknown> }[] } }>(
      trailQuery,
      {
        token: tokens.complianceOfficer,
        variables: { first: 100, after: null, from: readFrom },
      },
    );
    const entry = page.body.data?.auditTrail.edges.find((edge) => edge.node.requestId === 'read-1')?.node;
    expect(entry).toMatchObject({
      action: 'customer.list',
      ip: '127.0.0.1',
      actor: { realm: 'demo-bank', roles: ['bank-admin'], client: 'finpersona-dev-cli' },
    });
  });

  it('a denied attempt (FORBIDDEN from the access check) is recorded as denied, though the request rolled back', async () => {
    const before = (await chainRows(bank.id)).length;
    const { body } = await api.graphql(verifyQuery, { token: tokens.customer });
    expect(body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await chainRows(bank.id)).slice(before)).toEqual([
      expect.objectContaining({
        action: 'access.denied',
        outcome: 'denied',
        resource_id: 'verify the audit trail',
      }),
    ]);
  });

  it('a 403 at the identity edge (token of bank A addressing bank B) is recorded on A’s chain', async () => {
    const before = (await chainRows(bank.id)).length;
    const { status } = await api.graphql(customersQuery, { token: tokens.bankAdmin, tenant: 'other-bank' });
    expect(status).toBe(403);
    await expect
      .poll(async () => (await chainRows(bank.id)).slice(before))
      .toEqual([
        expect.objectContaining({
          action: 'access.denied',
          outcome: 'denied',
          resource_id: 'address tenant other-bank',
        }),
      ]);
  });

  it('a rolled-back request leaves no entry: the read beside a failing field is undone with it', async () => {
    const before = (await chainRows(bank.id)).length;
    const { body } = await api.graphql(
      `{ ok: customers(first: 5) { totalCount } bad: customers(first: 0) { totalCount } }`,
      {
        token: tokens.bankAdmin,
      },
    );
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions.code).toBe('INVALID');
    expect((await chainRows(bank.id)).length).toBe(before);
  });

  it('a change whose transaction rolls back takes its entry with it', async () => {
    const before = (await chainRows(bank.id)).length;
    const audit = api.running.app.get(AuditService);
    const em = api.running.app.get(TenancyService)['em'];
    await expect(
      runAsTenant(bank, () =>
        em.transactional(async () => {
          await audit.record({ action: 'customer.update', resourceType: 'customer', resourceId: 'x' });
          throw new Error('the change failed');
        }),
      ),
    ).rejects.toThrow('the change failed');
    expect((await chainRows(bank.id)).length).toBe(before);
  });

  it('a compliance officer pages through the trail, verifies it and exports it; each read is audited', async () => {
    const seen: { seq: number }[] = [];
    let after: string | null = null;
    do {
      const response: Awaited<
        ReturnType<
          typeof api.graphql<{
            auditTrail: {
              pageInfo: { hasNextPage: boolean; endCursor: string | null };
              edges: { node: { seq: number } }[];
            };
          }>
        >
      > = await api.graphql(trailQuery, { token: tokens.complianceOfficer, variables: { first: 10, after } });
      expect(response.body.errors).toBeUndefined();
      seen.push(...response.body.data!.auditTrail.edges.map((edge) => edge.node));
      after = response.body.data!.auditTrail.pageInfo.hasNextPage
        ? response.body.data!.auditTrail.pageInfo.endCursor
        : null;
    } while (after);
    expect(seen.map((entry) => entry.seq)).toEqual(seen.map((_, index) => index + 1));
    const rows = await chainRows(bank.id);
    expect(rows.filter((row) => row.action === 'audit.read').length).toBeGreaterThanOrEqual(3);

    const verification = await api.graphql<{ verifyAuditTrail: Record<string, unknown> }>(verifyQuery, {
      token: tokens.complianceOfficer,
    });
    expect(verification.body.data?.verifyAuditTrail).toMatchObject({ intact: true, firstBroken: null });
    expect((verification.body.data?.verifyAuditTrail.checked as number) >= rows.length).toBe(true);

    const range = {
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    };
    const csv = await api.graphql<{ exportAuditTrail: string }>(exportQuery, {
      token: tokens.complianceOfficer,
      variables: { ...range, format: 'CSV' },
    });
    expect(csv.body.errors).toBeUndefined();
    const lines = csv.body.data!.exportAuditTrail.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^"chain","seq","id","tenant_id","occurred_at",/);
    expect(lines.length).toBeGreaterThan(25);
    const json = await api.graphql<{ exportAuditTrail: string }>(exportQuery, {
      token: tokens.complianceOfficer,
      variables: { ...range, format: 'JSON' },
    });
    const exported = JSON.parse(json.body.data!.exportAuditTrail) as {
      entries: { seq: number; hash: string }[];
    };
    expect(exported.entries[0]).toMatchObject({ seq: 1 });
    const actions = (await chainRows(bank.id)).map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(['audit.verify', 'audit.export']));
  });

  it.each([
    [{ from: '2026-11-24T10:00:00Z', to: '2026-11-24T09:00:00Z' }, 'to', 'must be after from'],
    [
      { from: '2024-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' },
      'to',
      'must be at most 366 days after from',
    ],
  ])('an export range %j is INVALID', async (range, field, problem) => {
    const { body } = await api.graphql(exportQuery, {
      token: tokens.complianceOfficer,
      variables: { ...range, format: 'CSV' },
    });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID', fields: [{ field, problem }] });
  });

  it.each(['customer', 'bankAdmin', 'operator'] as const)(
    'a %s cannot read, verify or export the trail (FORBIDDEN)',
    async (user) => {
      for (const [document, variables] of [
        [trailQuery, {}],
        [verifyQuery, {}],
        [exportQuery, { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' }],
      ] as const) {
        const { body } = await api.graphql(document, { token: tokens[user], variables });
        expect(body.data ?? null, document).toBeNull();
        expect(body.errors?.[0]?.extensions.code, document).toBe('FORBIDDEN');
      }
    },
  );

  it("a compliance officer of bank A cannot read, verify or export bank B's trail, and B's officer sees only B's", async () => {
    for (const document of [trailQuery, verifyQuery, exportQuery]) {
      const { status } = await api.graphql(document, {
        token: tokens.complianceOfficer,
        tenant: secondBank.slug,
        variables: { from: '2026-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' },
      });
      expect(status, document).toBe(403);
    }
    const officerB = await second.complianceOfficerToken();
    for (const document of [trailQuery, verifyQuery, exportQuery]) {
      const { status } = await api.graphql(document, {
        token: officerB,
        tenant: bank.slug,
        variables: { from: '2026-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' },
      });
      expect(status, document).toBe(403);
    }
    // B's own trail holds only B's entries: its officer's refusals above and this read.
    const own = await api.graphql<{
      auditTrail: { edges: { node: { requestId: string; action: string } }[] };
    }>(trailQuery, {
      token: officerB,
      variables: { first: 100 },
    });
    expect(own.body.errors).toBeUndefined();
    const bankARequests = new Set((await chainRows(bank.id)).map((row) => row.request_id));
    expect(own.body.data!.auditTrail.edges.every((edge) => !bankARequests.has(edge.node.requestId))).toBe(
      true,
    );
    expect(own.body.data!.auditTrail.edges.map((edge) => edge.node.action)).toContain('access.denied');
  });

  describe('filters and order of auditTrail', () => {
    type FilteredNode = {
      seq: number;
      action: string;
      resourceType: string;
      resourceId: string | null;
      outcome: string;
      actor: { subject: string };
    };
    type FilteredTrail = {
      auditTrail: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { cursor: string; node: FilteredNode }[];
      };
    };
    const run = `filters-${Date.now().toString(36)}`;
    const resourceType = `probe-${run}`;
    /** The entries this block records, in seq order. */
    let probes: FilteredNode[] = [];

    const trail = (variables: Record<string, unknown>) =>
      api.graphql<FilteredTrail>(filteredTrailQuery, { token: tokens.complianceOfficer, variables });
    const seqsOf = (body: { data?: FilteredTrail | null }) =>
      body.data!.auditTrail.edges.map((edge) => edge.node.seq);
    /** Every page of a filtered list, `first` at a time. */
    const allPages = async (variables: Record<string, unknown>, first: number) => {
      const seqs: number[] = [];
      let after: string | null = null;
      do {
        const { body } = await trail({ ...variables, first, after });
        expect(body.errors).toBeUndefined();
        seqs.push(...seqsOf(body));
        after = body.data!.auditTrail.pageInfo.hasNextPage ? body.data!.auditTrail.pageInfo.endCursor : null;
      } while (after);
      return seqs;
    };

    beforeAll(async () => {
      const audit = api.running.app.get(AuditService);
      const events = [
        { action: 'probe_a.open', resourceId: `${run}-1`, outcome: 'allowed' },
        { action: 'probeXa.open', resourceId: `${run}-2`, outcome: 'allowed' },
        { action: 'probe_a.close', resourceId: `${run}-1`, outcome: 'denied' },
        { action: 'probe_a.open', resourceId: `${run}-3`, outcome: 'failed' },
        { action: 'probe_a.close', resourceId: `${run}-2`, outcome: 'allowed' },
      ] as const;
      for (const event of events) {
        await runAsTenant(bank, () => audit.record({ ...event, resourceType }));
      }
      const seqs = (await chainRows(bank.id)).slice(-events.length).map((row) => Number(row.seq));
      probes = events.map((event, index) => ({
        seq: seqs[index]!,
        action: event.action,
        resourceType,
        resourceId: event.resourceId,
        outcome: event.outcome,
        // A denied entry without a principal is the anonymous caller's, not the system's.
        actor: { subject: event.outcome === 'denied' ? 'anonymous' : 'system' },
      }));
    });

    it('newest first lists the newest entry first; oldest first stays the default', async () => {
      const newest = await trail({ resourceType, order: 'NEWEST_FIRST' });
      expect(newest.body.errors).toBeUndefined();
      expect(newest.body.data!.auditTrail.edges.map((edge) => edge.node)).toEqual([...probes].reverse());
      const byDefault = await trail({ resourceType });
      expect(seqsOf(byDefault.body)).toEqual(probes.map((probe) => probe.seq));
      const unfiltered = await trail({ first: 3, order: 'NEWEST_FIRST' });
      const seqs = seqsOf(unfiltered.body);
      // The newest entries of the whole chain: the reads above, then this block's probes.
      expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
      expect(seqs[0]).toBeGreaterThan(probes.at(-1)!.seq);
    });

    it.each([
      ['an exact action', { action: 'probe_a.open' }, [0, 3]],
      ['an action prefix (`_` taken literally)', { action: 'probe_a.' }, [0, 2, 3, 4]],
      ['an outcome', { outcome: 'DENIED' }, [2]],
      ['a resource id', { resourceId: `${run}-2` }, [1, 4]],
      ['an actor subject with an action', { actorSubject: 'system', action: 'probe_a.open' }, [0, 3]],
      ['another actor subject with a prefix', { actorSubject: 'anonymous', action: 'probe_a.' }, [2]],
      ['an action matching nothing', { action: 'probe_a.reopen' }, []],
    ])('filters by %s, every filter given holding', async (_name, filters, expected) => {
      const { body } = await trail({ resourceType, ...filters, order: 'NEWEST_FIRST' });
      expect(body.errors).toBeUndefined();
      expect(seqsOf(body)).toEqual(expected.map((index) => probes[index]!.seq).reverse());
    });

    it("filters by the officer's own subject: their reads of the trail", async () => {
      const { body } = await trail({ action: 'audit.read', order: 'NEWEST_FIRST', first: 1 });
      const officer = body.data!.auditTrail.edges[0]!.node.actor.subject;
      expect(officer).not.toBe('system');
      const own = await trail({ actorSubject: officer, first: 100 });
      expect(own.body.errors).toBeUndefined();
      const nodes = own.body.data!.auditTrail.edges.map((edge) => edge.node);
      expect(nodes.length).toBeGreaterThan(0);
      expect(nodes.every((node) => node.actor.subject === officer)).toBe(true);
    });

    it.each(['OLDEST_FIRST', 'NEWEST_FIRST'])(
      'pages of 2 in %s order cover the filtered entries once each, in order',
      async (order) => {
        const expected = probes.map((probe) => probe.seq);
        const seqs = await allPages({ resourceType, order }, 2);
        expect(seqs).toEqual(order === 'NEWEST_FIRST' ? expected.reverse() : expected);
        const prefixed = await allPages({ resourceType, order, action: 'probe_a.' }, 1);
        expect(new Set(prefixed).size).toBe(4);
      },
    );

    it('a cursor of one order is refused by the other (INVALID), recording nothing', async () => {
      const newest = await trail({ resourceType, order: 'NEWEST_FIRST', first: 1 });
      const oldest = await trail({ resourceType, order: 'OLDEST_FIRST', first: 1 });
      const before = (await chainRows(bank.id)).length;
      for (const [cursor, order] of [
        [newest.body.data!.auditTrail.pageInfo.endCursor, 'OLDEST_FIRST'],
        [oldest.body.data!.auditTrail.pageInfo.endCursor, 'NEWEST_FIRST'],
      ] as const) {
        const { body } = await trail({ resourceType, order, after: cursor });
        expect(body.data ?? null).toBeNull();
        expect(body.errors?.[0]?.extensions).toMatchObject({
          code: 'INVALID',
          fields: [{ field: 'after', problem: 'is not a cursor of this list' }],
        });
      }
      expect((await chainRows(bank.id)).length).toBe(before);
    });

    it('bad filters are INVALID, each named, and nothing is recorded', async () => {
      const before = (await chainRows(bank.id)).length;
      const { body } = await trail({
        action: 'Consent Grant',
        resourceType: 'Customer!',
        resourceId: 'x\u0000y',
        actorSubject: 'a'.repeat(256),
        from: '2026-11-27T10:00:00Z',
        to: '2026-11-27T09:00:00Z',
      });
      expect(body.data ?? null).toBeNull();
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID' });
      const fields = (body.errors?.[0]?.extensions.fields as { field: string; problem: string }[]).map(
        (problem) => problem.field,
      );
      expect(fields.sort()).toEqual(['action', 'actorSubject', 'resourceId', 'resourceType', 'to']);
      for (const action of ['consent..', '.consent', 'consent.%', 'a'.repeat(101)]) {
        const refused = await trail({ action });
        expect(refused.body.errors?.[0]?.extensions, action).toMatchObject({
          code: 'INVALID',
          fields: [{ field: 'action' }],
        });
      }
      // A value GraphQL itself cannot coerce is the caller's INVALID with GraphQL's words (was INTERNAL).
      const outcome = await trail({ outcome: 'allowed' });
      expect(outcome.body.data ?? null).toBeNull();
      expect(outcome.body.errors?.[0]).toMatchObject({
        message: expect.stringContaining('Value "allowed" does not exist in "AuditOutcome" enum.'),
        extensions: { code: 'INVALID' },
      });
      expect((await chainRows(bank.id)).length).toBe(before);
    });

    it('the audit.read entry records the order and the filters used', async () => {
      const from = '2026-01-01T00:00:00.000Z';
      const { body } = await trail({
        resourceType,
        action: 'probe_a.',
        outcome: 'FAILED',
        from,
        order: 'NEWEST_FIRST',
      });
      expect(seqsOf(body)).toEqual([probes[3]!.seq]);
      const last = (await chainRows(bank.id)).at(-1)!;
      expect(last.action).toBe('audit.read');
      expect(last.changes).toEqual({
        returned: 1,
        order: 'newest-first',
        filters: { resourceType, action: 'probe_a.', outcome: 'failed', from },
      });
    });
  });

  it('two root fields of one request, each audited, append one after the other on the shared transaction', async () => {
    const before = (await chainRows(bank.id)).length;
    const { body } = await api.graphql(
      `{ a: customers(first: 2) { totalCount } b: customers(first: 3) { totalCount } }`,
      {
        token: tokens.bankAdmin,
      },
    );
    expect(body.errors).toBeUndefined();
    const rows = (await chainRows(bank.id)).slice(before);
    expect(rows.map((row) => row.action)).toEqual(['customer.list', 'customer.list']);
    expect((await api.running.app.get(AuditService).verify({ tenant: bank })).intact).toBe(true);
  });

  it('50 parallel audited requests keep one unbroken chain with gapless seq', async () => {
    const before = (await chainRows(bank.id)).length;
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => api.graphql(customersQuery, { token: tokens.bankAdmin })),
    );
    expect(responses.every((response) => response.body.errors === undefined)).toBe(true);
    const rows = await chainRows(bank.id);
    expect(rows.length - before).toBe(50);
    expect(rows.map((row) => Number(row.seq))).toEqual(rows.map((_, index) => index + 1));
    const verification = await api.running.app.get(AuditService).verify({ tenant: bank });
    expect(verification).toMatchObject({ intact: true, checked: rows.length });
  });

  it('the schema exposes the audit operations with the documented arguments', () => {
    const schema: GraphQLSchema = api.running.app.get(GraphQLSchemaHost).schema;
    const fields = schema.getQueryType()!.getFields();
    expect(fields.auditTrail?.args.map((arg) => arg.name)).toEqual([
      'action',
      'actorSubject',
      'after',
      'first',
      'from',
      'order',
      'outcome',
      'resourceId',
      'resourceType',
      'to',
    ]);
    expect(String(fields.auditTrail?.args.find((arg) => arg.name === 'order')?.defaultValue)).toBe(
      'oldest-first',
    );
    expect(String(fields.verifyAuditTrail?.type)).toBe('AuditVerification!');
    expect(fields.exportAuditTrail?.args.map((arg) => arg.name)).toEqual(['format', 'from', 'to']);
  });
});
