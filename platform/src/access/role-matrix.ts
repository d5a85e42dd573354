/**
 * The role matrix: who may use every part of the GraphQL surface.
 *
 * One entry per root operation (`operations.Query` / `operations.Mutation`) and one per field of every
 * object type (`fields`), naming the audiences that may use it: `anonymous` (no token) and the roles of
 * `request-context` (`platform-operator`, `bank-admin`, `compliance-officer`, `customer`,
 * `plugin-developer`). It is enforced, not just documented:
 *
 * - `graphql-gate.ts` checks every field of every request against it before anything resolves: a root
 *   operation or a non-null field the caller may not use refuses the whole request (UNAUTHENTICATED for
 *   anonymous callers, FORBIDDEN otherwise, recorded as a denied attempt); a field missing from the matrix
 *   refuses it too (fail closed).
 * - A nullable object field the caller may not see is **hidden**: it reads as `null` (`hiddenFieldsMiddleware`).
 * - The field lists of CASL's `read` rules for resources (`Customer`, `AuditEntry`, …) are taken from here
 *   (`readableFields`), so services know which personal fields a caller reads (and audit exactly those).
 *
 * `role-matrix.int.test.ts` builds the schema from the real app and fails when a field is missing here or
 * this names a field that does not exist, then calls every root operation as every role and compares the
 * outcome with this table. `cross-tenant.int.test.ts` reads `tenancy` to know what an operation may show
 * of another tenant.
 *
 * **Adding an operation or a field:** add its line here (the tests tell you when you forgot), give root
 * operations a `does` phrase (used in refusal messages and the audit trail: "Only … may <does>.") and a
 * `tenancy`, and teach the generated suites to build its arguments (`testing/operation-generator.ts`)
 * if they cannot yet — they fail with a message saying so.
 */
import type { Role } from '../request-context';

/** Who may use something: a role, or `anonymous` for a caller without a token. */
export type Audience = 'anonymous' | Role;

/**
 * What an operation may show of a tenant other than the caller's (read by the cross-tenant suite):
 * - `tenant`: only the caller's own tenant's data, ever;
 * - `public`: public data of any active tenant (the login page's branding), nothing private;
 * - `platform`: the platform's directory of tenants, for platform operators only; bank users get nothing.
 */
export type Tenancy = 'tenant' | 'public' | 'platform';

export interface OperationRule {
  roles: readonly Audience[];
  /** What the caller tries to do, for messages and the audit trail: "Only … may <does>." */
  does: string;
  tenancy: Tenancy;
  /**
   * Audiences that must also show a recent second factor (`requireStepUp` in the resolver); the generated
   * suites expect STEP_UP_REQUIRED for their tokens without one.
   */
  stepUp?: readonly Audience[];
}

export const everyone: readonly Audience[] = [
  'anonymous',
  'platform-operator',
  'bank-admin',
  'compliance-officer',
  'customer',
  'plugin-developer',
];
export const signedIn: readonly Audience[] = everyone.filter((audience) => audience !== 'anonymous');
const bankStaff: readonly Audience[] = ['bank-admin', 'compliance-officer'];
const operators: readonly Audience[] = ['platform-operator'];
/** Compliance officers own the audit log; bank administrators, whose actions it records, cannot read it. */
const auditReaders: readonly Audience[] = ['compliance-officer'];
/** Customers see their own record; staff their bank's (rows are limited by the CASL abilities). */
const customerReaders: readonly Audience[] = [...bankStaff, 'customer'];
const pageReaders: readonly Audience[] = [...customerReaders, ...operators];
/** A customer's data from their sources: the customer, and bank staff reading it for support (audited). */
const sourceDataReaders: readonly Audience[] = customerReaders;
/**
 * Only the customer: connecting, completing, syncing and disconnecting their sources; their own consents
 * and notifications (staff see the consent overview); their data-subject requests.
 */
const customersOnly: readonly Audience[] = ['customer'];
/** The consent overview: the bank's staff, with ids, purposes, statuses and dates only. */
const consentOverseers: readonly Audience[] = bankStaff;
/**
 * Data-subject requests: the customer makes and follows their own; compliance officers follow their bank's
 * (status and certificates, no personal data). Bank administrators do not handle them.
 */
const dataSubjectRequestReaders: readonly Audience[] = ['compliance-officer', 'customer'];
/** Erasure and access requests a person made by letter, branch, phone or e-mail: compliance officers record them. */
const requestRecorders: readonly Audience[] = ['compliance-officer'];
/** The bank's plugins (available, installed, their settings): its administrators; changes need step-up. */
const pluginAdmins: readonly Audience[] = ['bank-admin'];
/**
 * The bank's outbound webhooks (subscriptions, delivery log, replay): its administrators, who run the
 * bank's receiving systems; changes need step-up (an endpoint receives the bank's events).
 */
const webhookAdmins: readonly Audience[] = ['bank-admin'];
/**
 * Enrichment: the taxonomy for everyone of the bank (customers re-categorise, staff write rules); the
 * bank's categorisation rules and classifier for its administrators (retraining needs step-up).
 */
const categoryReaders: readonly Audience[] = [...bankStaff, 'customer'];
const categorisationAdmins: readonly Audience[] = ['bank-admin'];
/** The bank's products: its customers (those offered in their region) and its staff (all). */
const productReaders: readonly Audience[] = [...bankStaff, 'customer'];
/**
 * Recommendations: the customer reads and answers their own (respond, contest, ask for a human review);
 * bank staff read the review requests (the decision record, the customer's words) and engagement figures,
 * compliance officers decide reviews (with step-up); the bank administrator sets the delivery settings
 * (changes with step-up).
 */
const recommendationReviewers: readonly Audience[] = bankStaff;
/** Deciding a contested automated decision is the compliance function's (Art. 22(3) human intervention). */
const reviewDeciders: readonly Audience[] = ['compliance-officer'];
const recommendationSettingsAdmins: readonly Audience[] = ['bank-admin'];
/** A review is the customer's (theirs to follow) and the staff's (theirs to decide). */
const reviewReaders: readonly Audience[] = [...bankStaff, 'customer'];
/**
 * The bank's model registry (versions, metrics, training runs): its administrators, who retrain, promote,
 * approve and reject (step-up), and its compliance officers, who oversee automated decisions (read only).
 */
const modelReaders: readonly Audience[] = bankStaff;
const modelAdmins: readonly Audience[] = ['bank-admin'];
/**
 * The customer's own money tools (budgets, savings goals): only the customer. Bank staff do not see them —
 * they are the customer's private plans, not records the bank needs for support.
 */
const customerToolUsers: readonly Audience[] = ['customer'];
/**
 * Insights: the customer reads and answers their own; bank staff read the settings and the engagement by
 * kind (aggregates, no customer named); the bank administrator changes the settings (with step-up).
 */
const insightReaders: readonly Audience[] = ['customer'];
const insightOverseers: readonly Audience[] = bankStaff;
const insightSettingsAdmins: readonly Audience[] = ['bank-admin'];
// The condition language is shared: the bank's category rules and a customer's own rules both show it.
const conditionReaders: readonly Audience[] = [...categorisationAdmins, ...customerToolUsers];
/**
 * Surveys: the bank administrator defines, versions, publishes and closes them; bank staff (administrator,
 * compliance officer) read them and their aggregate results — counts, averages, response rate; free-text
 * answers are counted, their words are shown to no staff role (nothing here reads another customer's text).
 * Customers see the surveys open to them (without the product links) and answer them.
 */
const surveyAdmins: readonly Audience[] = ['bank-admin'];
const surveyReaders: readonly Audience[] = bankStaff;
const surveyRespondents: readonly Audience[] = ['customer'];
/** Questions and choices: staff read them in `bankSurveys`, customers in `surveys`. */
const surveyQuestionReaders: readonly Audience[] = [...bankStaff, 'customer'];
/**
 * Prompts after notable transactions: the customer reads and answers their own; the bank administrator sets
 * the thresholds and weekly cap; bank staff read answer rates (aggregates).
 */
const promptSettingsAdmins: readonly Audience[] = ['bank-admin'];
/**
 * Survey settings (Seam D): the minimum audience below which results are hidden. Bank staff read it (it
 * explains hidden figures); the bank administrator changes it, with step-up.
 */
const surveySettingsReaders: readonly Audience[] = bankStaff;
const surveySettingsAdmins: readonly Audience[] = ['bank-admin'];
/** The staff directory: colleagues' names for the subjects the trail records; bank staff only. */
const staffDirectoryReaders: readonly Audience[] = bankStaff;
const staffDirectoryAdmins: readonly Audience[] = ['bank-admin'];

export const operations: { Query: Record<string, OperationRule>; Mutation: Record<string, OperationRule> } = {
  Query: {
    me: { roles: signedIn, does: 'see who you are signed in as', tenancy: 'tenant' },
    tenantBranding: { roles: everyone, does: "read a bank's public branding", tenancy: 'public' },
    customers: { roles: customerReaders, does: 'list customers', tenancy: 'tenant' },
    customer: { roles: customerReaders, does: 'read a customer', tenancy: 'tenant' },
    onboardingRun: { roles: operators, does: 'read onboarding runs', tenancy: 'platform' },
    tenants: { roles: operators, does: 'list tenants', tenancy: 'platform' },
    tenant: { roles: operators, does: 'read a tenant', tenancy: 'platform' },
    auditTrail: { roles: auditReaders, does: 'read the audit trail', tenancy: 'tenant' },
    verifyAuditTrail: { roles: auditReaders, does: 'verify the audit trail', tenancy: 'tenant' },
    exportAuditTrail: { roles: auditReaders, does: 'export the audit trail', tenancy: 'tenant' },
    connections: { roles: sourceDataReaders, does: 'list connections', tenancy: 'tenant' },
    accounts: { roles: sourceDataReaders, does: 'list accounts', tenancy: 'tenant' },
    transactions: { roles: sourceDataReaders, does: "read a customer's transactions", tenancy: 'tenant' },
    consents: { roles: customersOnly, does: 'list your consents', tenancy: 'tenant' },
    consentTexts: { roles: customersOnly, does: 'read the consent texts', tenancy: 'tenant' },
    consentOverview: { roles: consentOverseers, does: "see the bank's consents", tenancy: 'tenant' },
    notifications: { roles: customersOnly, does: 'read your notifications', tenancy: 'tenant' },
    spendByCategory: { roles: customersOnly, does: 'read your spending by category', tenancy: 'tenant' },
    recurringPayments: { roles: customersOnly, does: 'read your recurring payments', tenancy: 'tenant' },
    cashFlowForecast: { roles: customersOnly, does: 'read your cash-flow forecast', tenancy: 'tenant' },
    notificationPreferences: {
      roles: customersOnly,
      does: 'read your notification preferences',
      tenancy: 'tenant',
    },
    dataSubjectRequests: {
      roles: dataSubjectRequestReaders,
      does: 'list data-subject requests',
      tenancy: 'tenant',
    },
    plugins: { roles: pluginAdmins, does: 'list the available plugins', tenancy: 'tenant' },
    pluginInstallations: { roles: pluginAdmins, does: "list the bank's plugins", tenancy: 'tenant' },
    webhookSubscriptions: {
      roles: webhookAdmins,
      does: "list the bank's webhook subscriptions",
      tenancy: 'tenant',
    },
    webhookDeliveries: {
      roles: webhookAdmins,
      does: "read the bank's webhook deliveries",
      tenancy: 'tenant',
    },
    products: { roles: productReaders, does: "list the bank's products", tenancy: 'tenant' },
    budgets: { roles: customerToolUsers, does: 'read your budgets', tenancy: 'tenant' },
    savingsGoals: { roles: customerToolUsers, does: 'read your savings goals', tenancy: 'tenant' },
    alerts: { roles: customerToolUsers, does: 'read your alerts', tenancy: 'tenant' },
    // A customer's own rules and rule suggestions (customer-tools/customer-rules.resolver.ts).
    customerRules: { roles: customerToolUsers, does: 'read your rules', tenancy: 'tenant' },
    ruleSuggestions: { roles: customerToolUsers, does: 'read your rule suggestions', tenancy: 'tenant' },
    categories: { roles: categoryReaders, does: 'read the category taxonomy', tenancy: 'tenant' },
    categoryRules: {
      roles: categorisationAdmins,
      does: "list the bank's categorisation rules",
      tenancy: 'tenant',
    },
    categoryModel: {
      roles: categorisationAdmins,
      does: "read the bank's categorisation model",
      tenancy: 'tenant',
    },
    recommendations: { roles: customersOnly, does: 'read your recommendations', tenancy: 'tenant' },
    recommendationReviews: {
      roles: recommendationReviewers,
      does: 'read recommendation reviews',
      tenancy: 'tenant',
    },
    recommendationEngagement: {
      roles: recommendationReviewers,
      does: 'read recommendation engagement',
      tenancy: 'tenant',
    },
    recommendationSettings: {
      roles: recommendationSettingsAdmins,
      does: 'read the recommendation settings',
      tenancy: 'tenant',
    },
    recommendationModels: { roles: modelReaders, does: 'read the model registry', tenancy: 'tenant' },
    modelVersions: { roles: modelReaders, does: 'read the model registry', tenancy: 'tenant' },
    modelTrainingRuns: { roles: modelReaders, does: 'read the model registry', tenancy: 'tenant' },
    // Insights (insights/).
    insights: { roles: insightReaders, does: 'read your insights', tenancy: 'tenant' },
    insightSettings: { roles: insightOverseers, does: 'read the insight settings', tenancy: 'tenant' },
    insightEngagement: { roles: insightOverseers, does: 'read insight engagement', tenancy: 'tenant' },
    // Surveys (surveys/).
    bankSurveys: { roles: surveyReaders, does: "read the bank's surveys", tenancy: 'tenant' },
    surveyResults: { roles: surveyReaders, does: 'read survey results', tenancy: 'tenant' },
    surveys: { roles: surveyRespondents, does: 'read your surveys', tenancy: 'tenant' },
    transactionPrompts: {
      roles: surveyRespondents,
      does: 'read your transaction prompts',
      tenancy: 'tenant',
    },
    transactionPromptSettings: {
      roles: promptSettingsAdmins,
      does: 'read the transaction prompt settings',
      tenancy: 'tenant',
    },
    transactionPromptStats: {
      roles: surveyReaders,
      does: 'read transaction prompt answer rates',
      tenancy: 'tenant',
    },
    // Survey settings (Seam D).
    surveySettings: { roles: surveySettingsReaders, does: 'read the survey settings', tenancy: 'tenant' },
    staffMembers: {
      roles: staffDirectoryReaders,
      does: "read the bank's staff directory",
      tenancy: 'tenant',
    },
    staffDirectory: {
      roles: staffDirectoryAdmins,
      does: "list the bank's staff directory",
      tenancy: 'tenant',
    },
  },
  Mutation: {
    createCategoryRule: {
      roles: categorisationAdmins,
      does: 'create a categorisation rule',
      tenancy: 'tenant',
    },
    updateCategoryRule: {
      roles: categorisationAdmins,
      does: 'update a categorisation rule',
      tenancy: 'tenant',
    },
    deleteCategoryRule: {
      roles: categorisationAdmins,
      does: 'delete a categorisation rule',
      tenancy: 'tenant',
    },
    retrainCategoriser: {
      roles: categorisationAdmins,
      does: "retrain the bank's categoriser",
      tenancy: 'tenant',
      stepUp: categorisationAdmins,
    },
    categoriseTransaction: {
      roles: customersOnly,
      does: 'categorise your transaction',
      tenancy: 'tenant',
    },
    onboardTenant: { roles: operators, does: 'onboard a tenant', tenancy: 'platform' },
    updateTenantBranding: { roles: operators, does: "update a tenant's branding", tenancy: 'platform' },
    suspendTenant: { roles: operators, does: 'suspend a tenant', tenancy: 'platform' },
    reactivateTenant: { roles: operators, does: 'reactivate a tenant', tenancy: 'platform' },
    connectSource: { roles: customersOnly, does: 'connect a source', tenancy: 'tenant' },
    completeConnection: { roles: customersOnly, does: 'complete a connection', tenancy: 'tenant' },
    disconnectConnection: { roles: customersOnly, does: 'disconnect a connection', tenancy: 'tenant' },
    syncConnection: { roles: customersOnly, does: 'sync a connection', tenancy: 'tenant' },
    importStatement: { roles: customersOnly, does: 'import a statement', tenancy: 'tenant' },
    grantConsent: { roles: customersOnly, does: 'give a consent', tenancy: 'tenant' },
    revokeConsent: { roles: customersOnly, does: 'revoke a consent', tenancy: 'tenant' },
    // EU banks: renewing needs a fresh second factor (the demo bank is EU).
    renewConsent: { roles: customersOnly, does: 'renew a consent', tenancy: 'tenant', stepUp: customersOnly },
    markNotificationRead: { roles: customersOnly, does: 'mark a notification read', tenancy: 'tenant' },
    updateNotificationPreferences: {
      roles: customersOnly,
      does: 'change your notification preferences',
      tenancy: 'tenant',
    },
    registerPushSubscription: {
      roles: customersOnly,
      does: 'subscribe a browser to notifications',
      tenancy: 'tenant',
    },
    removePushSubscription: {
      roles: customersOnly,
      does: 'remove a browser from notifications',
      tenancy: 'tenant',
    },
    requestDataExport: { roles: customersOnly, does: 'request a data export', tenancy: 'tenant' },
    requestErasure: {
      roles: customersOnly,
      does: 'request erasure of your data',
      tenancy: 'tenant',
      stepUp: customersOnly,
    },
    recordErasureRequest: {
      roles: requestRecorders,
      does: "record a person's erasure request",
      tenancy: 'tenant',
      stepUp: requestRecorders,
    },
    recordDataExportRequest: {
      roles: requestRecorders,
      does: "record a person's access request",
      tenancy: 'tenant',
      stepUp: requestRecorders,
    },
    installPlugin: { roles: pluginAdmins, does: 'install a plugin', tenancy: 'tenant', stepUp: pluginAdmins },
    configurePlugin: {
      roles: pluginAdmins,
      does: 'configure a plugin',
      tenancy: 'tenant',
      stepUp: pluginAdmins,
    },
    enablePlugin: { roles: pluginAdmins, does: 'enable a plugin', tenancy: 'tenant', stepUp: pluginAdmins },
    disablePlugin: { roles: pluginAdmins, does: 'disable a plugin', tenancy: 'tenant', stepUp: pluginAdmins },
    upgradePlugin: { roles: pluginAdmins, does: 'upgrade a plugin', tenancy: 'tenant', stepUp: pluginAdmins },
    uninstallPlugin: {
      roles: pluginAdmins,
      does: 'uninstall a plugin',
      tenancy: 'tenant',
      stepUp: pluginAdmins,
    },
    createWebhookSubscription: {
      roles: webhookAdmins,
      does: 'create a webhook subscription',
      tenancy: 'tenant',
      stepUp: webhookAdmins,
    },
    updateWebhookSubscription: {
      roles: webhookAdmins,
      does: 'update a webhook subscription',
      tenancy: 'tenant',
      stepUp: webhookAdmins,
    },
    deleteWebhookSubscription: {
      roles: webhookAdmins,
      does: 'delete a webhook subscription',
      tenancy: 'tenant',
      stepUp: webhookAdmins,
    },
    forgetStaffMember: {
      roles: staffDirectoryAdmins,
      does: 'forget a staff member',
      tenancy: 'tenant',
      stepUp: staffDirectoryAdmins,
    },
    rotateWebhookSecret: {
      roles: webhookAdmins,
      does: 'rotate a webhook secret',
      tenancy: 'tenant',
      stepUp: webhookAdmins,
    },
    replayWebhookDelivery: {
      roles: webhookAdmins,
      does: 'replay a webhook delivery',
      tenancy: 'tenant',
      stepUp: webhookAdmins,
    },
    replayDeadWebhookDeliveries: {
      roles: webhookAdmins,
      does: 'replay dead webhook deliveries',
      tenancy: 'tenant',
      stepUp: webhookAdmins,
    },
    respondToRecommendation: {
      roles: customersOnly,
      does: 'respond to a recommendation',
      tenancy: 'tenant',
    },
    contestRecommendation: { roles: customersOnly, does: 'contest a recommendation', tenancy: 'tenant' },
    requestHumanReview: { roles: customersOnly, does: 'request a human review', tenancy: 'tenant' },
    decideRecommendationReview: {
      roles: reviewDeciders,
      does: 'decide recommendation reviews',
      tenancy: 'tenant',
      stepUp: reviewDeciders,
    },
    updateRecommendationSettings: {
      roles: recommendationSettingsAdmins,
      does: 'change the recommendation settings',
      tenancy: 'tenant',
      stepUp: recommendationSettingsAdmins,
    },
    retrainRecommendationModel: {
      roles: modelAdmins,
      does: 'retrain a recommendation model',
      tenancy: 'tenant',
      stepUp: modelAdmins,
    },
    promoteModelVersion: {
      roles: modelAdmins,
      does: 'promote a model version',
      tenancy: 'tenant',
      stepUp: modelAdmins,
    },
    approveModelVersion: {
      roles: modelAdmins,
      does: 'approve a model version',
      tenancy: 'tenant',
      stepUp: modelAdmins,
    },
    rejectModelVersion: {
      roles: modelAdmins,
      does: 'reject a model version',
      tenancy: 'tenant',
      stepUp: modelAdmins,
    },
    createBudget: { roles: customerToolUsers, does: 'create a budget', tenancy: 'tenant' },
    updateBudget: { roles: customerToolUsers, does: 'change a budget', tenancy: 'tenant' },
    deleteBudget: { roles: customerToolUsers, does: 'delete a budget', tenancy: 'tenant' },
    createSavingsGoal: { roles: customerToolUsers, does: 'create a savings goal', tenancy: 'tenant' },
    updateSavingsGoal: { roles: customerToolUsers, does: 'change a savings goal', tenancy: 'tenant' },
    contributeToSavingsGoal: {
      roles: customerToolUsers,
      does: 'record a savings contribution',
      tenancy: 'tenant',
    },
    deleteSavingsGoal: { roles: customerToolUsers, does: 'delete a savings goal', tenancy: 'tenant' },
    createAlert: { roles: customerToolUsers, does: 'create an alert', tenancy: 'tenant' },
    updateAlert: { roles: customerToolUsers, does: 'change an alert', tenancy: 'tenant' },
    deleteAlert: { roles: customerToolUsers, does: 'delete an alert', tenancy: 'tenant' },
    // Insights (insights/).
    respondToInsight: { roles: insightReaders, does: 'respond to an insight', tenancy: 'tenant' },
    updateInsightSettings: {
      roles: insightSettingsAdmins,
      does: 'change the insight settings',
      tenancy: 'tenant',
      stepUp: insightSettingsAdmins,
    },
    // A customer's own rules and rule suggestions (customer-tools/customer-rules.resolver.ts).
    createCustomerRule: { roles: customerToolUsers, does: 'create a rule', tenancy: 'tenant' },
    updateCustomerRule: { roles: customerToolUsers, does: 'change a rule', tenancy: 'tenant' },
    deleteCustomerRule: { roles: customerToolUsers, does: 'delete a rule', tenancy: 'tenant' },
    applyRuleToPast: {
      roles: customerToolUsers,
      does: 'apply a rule to past transactions',
      tenancy: 'tenant',
    },
    acceptSuggestion: { roles: customerToolUsers, does: 'accept a rule suggestion', tenancy: 'tenant' },
    dismissSuggestion: { roles: customerToolUsers, does: 'dismiss a rule suggestion', tenancy: 'tenant' },
    // Surveys (surveys/).
    createSurvey: { roles: surveyAdmins, does: 'create a survey', tenancy: 'tenant' },
    updateSurvey: { roles: surveyAdmins, does: 'change a survey', tenancy: 'tenant' },
    publishSurvey: { roles: surveyAdmins, does: 'publish a survey', tenancy: 'tenant' },
    closeSurvey: { roles: surveyAdmins, does: 'close a survey', tenancy: 'tenant' },
    createSurveyVersion: { roles: surveyAdmins, does: 'create a survey version', tenancy: 'tenant' },
    answerSurvey: { roles: surveyRespondents, does: 'answer a survey', tenancy: 'tenant' },
    answerTransactionPrompt: {
      roles: surveyRespondents,
      does: 'answer a transaction prompt',
      tenancy: 'tenant',
    },
    updateTransactionPromptSettings: {
      roles: promptSettingsAdmins,
      does: 'change the transaction prompt settings',
      tenancy: 'tenant',
    },
    // Survey settings (Seam D).
    updateSurveySettings: {
      roles: surveySettingsAdmins,
      does: 'change the survey settings',
      tenancy: 'tenant',
      stepUp: surveySettingsAdmins,
    },
  },
};

/**
 * Fields of object types. A type reachable only through one operation lists that operation's audiences;
 * narrower lists are field rules (hidden or refused, see above).
 */
export const fields: Record<string, Record<string, readonly Audience[]>> = {
  Me: {
    subject: signedIn,
    username: signedIn,
    displayName: signedIn,
    realm: signedIn,
    roles: signedIn,
    tenant: signedIn,
  },
  // The caller's own bank (`me.tenant`); the platform's directory of banks (`tenants`, `tenant`,
  // `onboardingRun.tenant`) for operators, who alone see how a bank is set up and why it was suspended.
  Tenant: {
    id: signedIn,
    slug: signedIn,
    name: signedIn,
    region: signedIn,
    realm: signedIn,
    status: signedIn,
    branding: signedIn,
    appOrigins: operators,
    suspensionReason: operators,
    suspendedAt: operators,
    createdAt: operators,
    updatedAt: operators,
  },
  TenantConnection: { edges: operators, pageInfo: operators, totalCount: operators },
  TenantEdge: { cursor: operators, node: operators },
  AppOrigins: { admin: operators, customer: operators },
  Branding: { displayName: everyone, primaryColor: everyone, accentColor: everyone, logoUrl: everyone },
  TenantBranding: { slug: everyone, realm: everyone, issuer: everyone, branding: everyone },
  /**
   * Data minimisation for compliance officers: they see who a customer is and since when (to follow the
   * audit trail and handle data-subject requests) but not how to contact them; e-mail addresses are for
   * the bank's administrators and the customer themself. (A future case-bound grant can widen this.)
   */
  Customer: {
    id: customerReaders,
    displayName: customerReaders,
    email: ['bank-admin', 'customer'],
    createdAt: customerReaders,
  },
  CustomerConnection: { edges: customerReaders, pageInfo: customerReaders, totalCount: customerReaders },
  CustomerEdge: { cursor: customerReaders, node: customerReaders },
  // Shared by every cursor connection (customers, tenants, consents, notifications, data-subject requests).
  PageInfo: { hasNextPage: pageReaders, endCursor: pageReaders },
  OnboardingRun: { workflowId: operators, status: operators, tenant: operators },
  AuditEntryConnection: { edges: auditReaders, pageInfo: auditReaders },
  AuditEntryEdge: { cursor: auditReaders, node: auditReaders },
  AuditPageInfo: { hasNextPage: auditReaders, endCursor: auditReaders },
  AuditEntry: {
    id: auditReaders,
    seq: auditReaders,
    occurredAt: auditReaders,
    actor: auditReaders,
    action: auditReaders,
    resourceType: auditReaders,
    resourceId: auditReaders,
    changes: auditReaders,
    ip: auditReaders,
    requestId: auditReaders,
    outcome: auditReaders,
    prevHash: auditReaders,
    hash: auditReaders,
  },
  AuditActor: { subject: auditReaders, realm: auditReaders, roles: auditReaders, client: auditReaders },
  AuditVerification: {
    intact: auditReaders,
    checked: auditReaders,
    headSeq: auditReaders,
    headHash: auditReaders,
    firstBroken: auditReaders,
  },
  AuditBrokenLink: { seq: auditReaders, problem: auditReaders, detail: auditReaders },
  // A customer's data from their sources (connections, accounts, transactions); staff read it for support.
  SourceConnection: {
    id: sourceDataReaders,
    connector: sourceDataReaders,
    status: sourceDataReaders,
    consentId: sourceDataReaders,
    sourceExpiresAt: sourceDataReaders,
    lastSyncAt: sourceDataReaders,
    lastSyncStatus: sourceDataReaders,
    errorCode: sourceDataReaders,
    errorMessage: sourceDataReaders,
    createdAt: sourceDataReaders,
  },
  ConnectSourceResult: { connection: customersOnly, authorisationUrl: customersOnly },
  StatementImportResult: {
    connection: customersOnly,
    alreadyImported: customersOnly,
    summary: customersOnly,
  },
  StatementImportSummary: {
    accounts: customersOnly,
    transactions: customersOnly,
    firstBookingDate: customersOnly,
    lastBookingDate: customersOnly,
  },
  Account: {
    id: sourceDataReaders,
    connectionId: sourceDataReaders,
    type: sourceDataReaders,
    currency: sourceDataReaders,
    name: sourceDataReaders,
    maskedIdentifier: sourceDataReaders,
    balances: sourceDataReaders,
  },
  AccountBalance: {
    type: sourceDataReaders,
    amount: sourceDataReaders,
    asOf: sourceDataReaders,
    creditLimit: sourceDataReaders,
  },
  // Shared by every amount in the schema.
  Money: { minor: sourceDataReaders, currency: sourceDataReaders },
  Transaction: {
    id: sourceDataReaders,
    accountId: sourceDataReaders,
    amount: sourceDataReaders,
    direction: sourceDataReaders,
    status: sourceDataReaders,
    bookingDate: sourceDataReaders,
    valueDate: sourceDataReaders,
    counterparty: sourceDataReaders,
    description: sourceDataReaders,
    merchantName: sourceDataReaders,
    merchantDisplayName: sourceDataReaders,
    mcc: sourceDataReaders,
    category: sourceDataReaders,
    categorySource: sourceDataReaders,
    categoryConfidence: sourceDataReaders,
  },
  Counterparty: { name: sourceDataReaders, account: sourceDataReaders },
  TransactionConnection: { edges: sourceDataReaders, pageInfo: sourceDataReaders },
  TransactionEdge: { cursor: sourceDataReaders, node: sourceDataReaders },
  // The customer's own consents (`consents`, `grantConsent`, `revokeConsent`, `renewConsent`).
  Consent: {
    id: customersOnly,
    purpose: customersOnly,
    status: customersOnly,
    live: customersOnly,
    textVersion: customersOnly,
    textHash: customersOnly,
    locale: customersOnly,
    channel: customersOnly,
    dataCategories: customersOnly,
    renewal: customersOnly,
    grantedAt: customersOnly,
    expiresAt: customersOnly,
    renewalDueAt: customersOnly,
    renewedAt: customersOnly,
    revokedAt: customersOnly,
    expiredAt: customersOnly,
  },
  ConsentText: {
    purpose: customersOnly,
    locale: customersOnly,
    version: customersOnly,
    title: customersOnly,
    text: customersOnly,
    textHash: customersOnly,
  },
  // Staff overview: ids, purposes, statuses, versions and dates; no proof, no scope, no personal data.
  ConsentOverview: {
    counts: consentOverseers,
    dueSoon: consentOverseers,
    edges: consentOverseers,
    pageInfo: consentOverseers,
    totalCount: consentOverseers,
  },
  ConsentCount: { purpose: consentOverseers, status: consentOverseers, count: consentOverseers },
  ConsentsDueSoon: { withinDays: consentOverseers, renewals: consentOverseers, expiries: consentOverseers },
  ConsentSummaryEdge: { cursor: consentOverseers, node: consentOverseers },
  ConsentSummary: {
    id: consentOverseers,
    customerId: consentOverseers,
    purpose: consentOverseers,
    status: consentOverseers,
    textVersion: consentOverseers,
    channel: consentOverseers,
    grantedAt: consentOverseers,
    expiresAt: consentOverseers,
    renewalDueAt: consentOverseers,
    renewedAt: consentOverseers,
    revokedAt: consentOverseers,
    expiredAt: consentOverseers,
  },
  Notification: {
    id: customersOnly,
    kind: customersOnly,
    subjectRef: customersOnly,
    link: customersOnly,
    title: customersOnly,
    body: customersOnly,
    createdAt: customersOnly,
    readAt: customersOnly,
  },
  NotificationConnection: {
    edges: customersOnly,
    pageInfo: customersOnly,
    totalCount: customersOnly,
    unreadCount: customersOnly,
  },
  NotificationEdge: { cursor: customersOnly, node: customersOnly },
  // The customer's own behaviour (issue 6): derived from their accounts, for them only.
  SpendByCategory: { from: customersOnly, to: customersOnly, categories: customersOnly },
  CategorySpending: {
    category: customersOnly,
    total: customersOnly,
    transactions: customersOnly,
    byMonth: customersOnly,
  },
  MonthAmount: { month: customersOnly, amount: customersOnly },
  RecurringPayment: {
    key: customersOnly,
    accountId: customersOnly,
    direction: customersOnly,
    party: customersOnly,
    category: customersOnly,
    cadence: customersOnly,
    typicalAmount: customersOnly,
    lastAmount: customersOnly,
    occurrences: customersOnly,
    lastDate: customersOnly,
    nextExpectedDate: customersOnly,
    nextExpectedAmount: customersOnly,
    priceChange: customersOnly,
    active: customersOnly,
  },
  PriceChange: {
    previous: customersOnly,
    last: customersOnly,
    change: customersOnly,
    changeRatio: customersOnly,
    since: customersOnly,
  },
  CashFlowForecast: {
    asOf: customersOnly,
    startingBalance: customersOnly,
    days: customersOnly,
    lowest: customersOnly,
  },
  ForecastDay: {
    date: customersOnly,
    low: customersOnly,
    expected: customersOnly,
    high: customersOnly,
    recurring: customersOnly,
  },
  NotificationPreferences: {
    inAppEnabled: customersOnly,
    emailEnabled: customersOnly,
    pushEnabled: customersOnly,
    email: customersOnly,
    quietHours: customersOnly,
    timeZone: customersOnly,
    pushSubscriptions: customersOnly,
    emailOffered: customersOnly,
    pushOffered: customersOnly,
    pushPublicKey: customersOnly,
  },
  QuietHours: { start: customersOnly, end: customersOnly },
  PushSubscription: { id: customersOnly, createdAt: customersOnly, lastSentAt: customersOnly },
  DataSubjectRequest: {
    id: dataSubjectRequestReaders,
    kind: dataSubjectRequestReaders,
    status: dataSubjectRequestReaders,
    customerId: dataSubjectRequestReaders,
    requestedAt: dataSubjectRequestReaders,
    receivedVia: dataSubjectRequestReaders,
    recordedByStaff: dataSubjectRequestReaders,
    startedAt: dataSubjectRequestReaders,
    completedAt: dataSubjectRequestReaders,
    progress: dataSubjectRequestReaders,
    failure: dataSubjectRequestReaders,
    certificate: dataSubjectRequestReaders,
    downloadExpiresAt: dataSubjectRequestReaders,
    fetchedAt: dataSubjectRequestReaders,
  },
  DataSubjectRequestStep: { step: dataSubjectRequestReaders, at: dataSubjectRequestReaders },
  DataSubjectRequestConnection: {
    edges: dataSubjectRequestReaders,
    pageInfo: dataSubjectRequestReaders,
    totalCount: dataSubjectRequestReaders,
  },
  DataSubjectRequestEdge: { cursor: dataSubjectRequestReaders, node: dataSubjectRequestReaders },
  // The customer's own export, or the access request a compliance officer records for a person.
  DataExportRequested: {
    request: dataSubjectRequestReaders,
    downloadToken: dataSubjectRequestReaders,
    downloadPath: dataSubjectRequestReaders,
  },
  // The plugin host (plugins/): the registry's plugins and the bank's installations.
  Plugin: {
    id: pluginAdmins,
    name: pluginAdmins,
    publisher: pluginAdmins,
    description: pluginAdmins,
    trust: pluginAdmins,
    latestVersion: pluginAdmins,
    appliesToBank: pluginAdmins,
    versions: pluginAdmins,
  },
  PluginVersion: {
    version: pluginAdmins,
    sdk: pluginAdmins,
    compatible: pluginAdmins,
    incompatibility: pluginAdmins,
    capabilities: pluginAdmins,
    settingsSchema: pluginAdmins,
    secretSettings: pluginAdmins,
    dataPermissions: pluginAdmins,
    hostPermissions: pluginAdmins,
    regions: pluginAdmins,
    hooks: pluginAdmins,
  },
  // The bank's products (products/), from its enabled catalogue plugins.
  ProductConnection: { edges: productReaders, pageInfo: productReaders, totalCount: productReaders },
  ProductEdge: { cursor: productReaders, node: productReaders },
  Product: {
    id: productReaders,
    catalogue: productReaders,
    name: productReaders,
    type: productReaders,
    summary: productReaders,
    currency: productReaders,
    regions: productReaders,
    fees: productReaders,
    rates: productReaders,
    limits: productReaders,
    eligibility: productReaders,
    disclosures: productReaders,
    illustrative: productReaders,
  },
  ProductFee: {
    kind: productReaders,
    frequency: productReaders,
    amount: productReaders,
    basisPoints: productReaders,
    description: productReaders,
  },
  ProductRate: {
    kind: productReaders,
    basisPoints: productReaders,
    type: productReaders,
    fixedForMonths: productReaders,
    fromAmount: productReaders,
    description: productReaders,
  },
  ProductLimits: {
    minAmount: productReaders,
    maxAmount: productReaders,
    minTermMonths: productReaders,
    maxTermMonths: productReaders,
  },
  ProductEligibility: {
    minAge: productReaders,
    maxAge: productReaders,
    residency: productReaders,
    minAnnualIncome: productReaders,
    creditCheck: productReaders,
    maxLoanToValueBasisPoints: productReaders,
    notes: productReaders,
  },
  ProductDisclosure: {
    kind: productReaders,
    title: productReaders,
    url: productReaders,
    version: productReaders,
    language: productReaders,
  },
  PluginInstallation: {
    id: pluginAdmins,
    pluginId: pluginAdmins,
    version: pluginAdmins,
    status: pluginAdmins,
    settings: pluginAdmins,
    secrets: pluginAdmins,
    installedBy: pluginAdmins,
    updatedBy: pluginAdmins,
    installedAt: pluginAdmins,
    updatedAt: pluginAdmins,
  },
  PluginSecretState: { name: pluginAdmins, set: pluginAdmins },
  // Enrichment (enrichment/): the taxonomy, the bank's rules and classifier, a customer's re-categorisation.
  Category: {
    id: categoryReaders,
    kind: categoryReaders,
    label: categoryReaders,
    description: categoryReaders,
  },
  CategoryRule: {
    id: categorisationAdmins,
    name: categorisationAdmins,
    priority: categorisationAdmins,
    category: categorisationAdmins,
    conditions: categorisationAdmins,
    enabled: categorisationAdmins,
    createdBy: categorisationAdmins,
    updatedBy: categorisationAdmins,
    createdAt: categorisationAdmins,
    updatedAt: categorisationAdmins,
  },
  CategoryRuleConditions: Object.fromEntries(
    [
      'descriptionContains',
      'counterpartyContains',
      'merchantContains',
      'mcc',
      'minAmountMinor',
      'maxAmountMinor',
      'currency',
      'direction',
      'sourceCodes',
      'accountIds',
      'categories',
      'all',
      'any',
    ].map((field) => [field, conditionReaders]),
  ),
  CategoryModel: {
    id: categorisationAdmins,
    classes: categorisationAdmins,
    examples: categorisationAdmins,
    customerLabels: categorisationAdmins,
    backend: categorisationAdmins,
    trainingMs: categorisationAdmins,
    trainedBy: categorisationAdmins,
    trainedAt: categorisationAdmins,
  },
  CategoriserTraining: {
    trained: categorisationAdmins,
    reason: categorisationAdmins,
    model: categorisationAdmins,
  },
  TransactionCategory: {
    transactionId: customersOnly,
    category: customersOnly,
    categorySource: customersOnly,
    categoryConfidence: customersOnly,
  },
  // Outbound webhooks (webhooks/): the bank's subscriptions and delivery log.
  WebhookSubscription: {
    id: webhookAdmins,
    url: webhookAdmins,
    description: webhookAdmins,
    eventTypes: webhookAdmins,
    enabled: webhookAdmins,
    previousSecretValidUntil: webhookAdmins,
    createdBy: webhookAdmins,
    updatedBy: webhookAdmins,
    createdAt: webhookAdmins,
    updatedAt: webhookAdmins,
  },
  WebhookSubscriptionSecret: { subscription: webhookAdmins, secret: webhookAdmins },
  WebhookDelivery: {
    id: webhookAdmins,
    subscriptionId: webhookAdmins,
    eventId: webhookAdmins,
    eventType: webhookAdmins,
    eventSequence: webhookAdmins,
    status: webhookAdmins,
    attempts: webhookAdmins,
    nextAttemptAt: webhookAdmins,
    lastAttemptAt: webhookAdmins,
    lastStatusCode: webhookAdmins,
    lastError: webhookAdmins,
    deliveredAt: webhookAdmins,
    createdAt: webhookAdmins,
  },
  WebhookDeliveryEdge: { cursor: webhookAdmins, node: webhookAdmins },
  WebhookDeliveryConnection: { edges: webhookAdmins, pageInfo: webhookAdmins },
  // Recommendations (recommendations/): the customer's own, with reasons; staff see reviews and engagement.
  RecommendationList: {
    availability: customersOnly,
    message: customersOnly,
    period: customersOnly,
    recommendations: customersOnly,
  },
  Recommendation: {
    id: customersOnly,
    period: customersOnly,
    productId: customersOnly,
    productType: customersOnly,
    product: customersOnly,
    rank: customersOnly,
    reason: customersOnly,
    attributions: customersOnly,
    disclosures: customersOnly,
    status: customersOnly,
    actions: customersOnly,
    modelPluginId: customersOnly,
    modelVersionId: customersOnly,
    deliveredAt: customersOnly,
  },
  RecommendationAttribution: { feature: customersOnly, value: customersOnly, contribution: customersOnly },
  RecommendationDisclosure: { ruleId: customersOnly, document: customersOnly, when: customersOnly },
  RecommendationReview: {
    id: reviewReaders,
    recommendationId: reviewReaders,
    trigger: reviewReaders,
    customerText: reviewReaders,
    status: reviewReaders,
    requestedAt: reviewReaders,
    decision: reviewReaders,
    note: reviewReaders,
    decidedAt: reviewReaders,
    decisionRecord: recommendationReviewers,
    reason: recommendationReviewers,
  },
  RecommendationReviewConnection: {
    edges: recommendationReviewers,
    pageInfo: recommendationReviewers,
    totalCount: recommendationReviewers,
  },
  RecommendationReviewEdge: { cursor: recommendationReviewers, node: recommendationReviewers },
  RecommendationDecisionRecord: {
    recommendationId: recommendationReviewers,
    customerId: recommendationReviewers,
    modelPluginId: recommendationReviewers,
    modelVersion: recommendationReviewers,
    modelVersionId: recommendationReviewers,
    score: recommendationReviewers,
    rank: recommendationReviewers,
    features: recommendationReviewers,
    candidates: recommendationReviewers,
    rulePackId: recommendationReviewers,
    rulePackVersion: recommendationReviewers,
  },
  FeatureValue: { name: recommendationReviewers, value: recommendationReviewers },
  RecommendationCandidate: {
    productId: recommendationReviewers,
    productType: recommendationReviewers,
    score: recommendationReviewers,
    outcome: recommendationReviewers,
    refusals: recommendationReviewers,
  },
  RecommendationRuleRefusal: { ruleId: recommendationReviewers, reason: recommendationReviewers },
  RecommendationEngagement: {
    productId: recommendationReviewers,
    productType: recommendationReviewers,
    modelPluginId: recommendationReviewers,
    modelVersionId: recommendationReviewers,
    delivered: recommendationReviewers,
    shown: recommendationReviewers,
    opened: recommendationReviewers,
    accepted: recommendationReviewers,
    dismissed: recommendationReviewers,
    shownRate: recommendationReviewers,
    openedRate: recommendationReviewers,
    acceptedRate: recommendationReviewers,
    dismissedRate: recommendationReviewers,
  },
  RecommendationSettings: {
    maxPerPeriod: recommendationSettingsAdmins,
    dismissedReturnAfterDays: recommendationSettingsAdmins,
    isDefault: recommendationSettingsAdmins,
  },
  // The bank's model registry (model-registry/).
  RecommendationModel: {
    pluginId: modelReaders,
    version: modelReaders,
    features: modelReaders,
    champion: modelReaders,
    policy: modelReaders,
  },
  RetrainingPolicy: {
    periodDays: modelReaders,
    feedbackThreshold: modelReaders,
    driftThreshold: modelReaders,
    approvalRequired: modelReaders,
  },
  ModelVersion: {
    id: modelReaders,
    modelPluginId: modelReaders,
    pluginVersion: modelReaders,
    version: modelReaders,
    status: modelReaders,
    trigger: modelReaders,
    examples: modelReaders,
    positives: modelReaders,
    auc: modelReaders,
    modelMetrics: modelReaders,
    validationMetrics: modelReaders,
    dataWindow: modelReaders,
    features: modelReaders,
    decidedBy: modelReaders,
    decisionReason: modelReaders,
    decidedAt: modelReaders,
    promotedAt: modelReaders,
    retiredAt: modelReaders,
    createdAt: modelReaders,
  },
  ModelTrainingRun: {
    id: modelReaders,
    modelPluginId: modelReaders,
    workflowId: modelReaders,
    trigger: modelReaders,
    reason: modelReaders,
    status: modelReaders,
    stage: modelReaders,
    progress: modelReaders,
    requestedBy: modelReaders,
    modelVersionId: modelReaders,
    outcomeReason: modelReaders,
    startedAt: modelReaders,
    finishedAt: modelReaders,
  },
  ModelRetrainingRequest: { modelPluginId: modelAdmins, workflowId: modelAdmins },
  // The customer's budgets and savings goals (customer-tools/): only the customer.
  Budget: Object.fromEntries(
    [
      'id',
      'category',
      'period',
      'amount',
      'periodStart',
      'periodEnd',
      'spent',
      'remaining',
      'projected',
      'status',
      'createdAt',
      'updatedAt',
    ].map((field) => [field, customerToolUsers]),
  ),
  // A customer's own rules and rule suggestions (customer-tools/): only the customer.
  CustomerRule: Object.fromEntries(
    [
      'id',
      'action',
      'category',
      'conditions',
      'enabled',
      'alertId',
      'fromSuggestion',
      'appliedCount',
      'createdAt',
      'updatedAt',
    ].map((field) => [field, customerToolUsers]),
  ),
  RulePastApplication: Object.fromEntries(
    ['rule', 'examined', 'matched', 'changed', 'truncated'].map((field) => [field, customerToolUsers]),
  ),
  RuleSuggestion: Object.fromEntries(
    ['id', 'kind', 'summary', 'evidence', 'evidenceCount', 'action', 'category', 'conditions'].map(
      (field) => [field, customerToolUsers],
    ),
  ),
  Alert: Object.fromEntries(
    [
      'id',
      'kind',
      'accountId',
      'budgetId',
      'ruleId',
      'threshold',
      'cooldownHours',
      'enabled',
      'lastSentAt',
      'sentCount',
      'suppressedCount',
      'createdAt',
    ].map((field) => [field, customerToolUsers]),
  ),
  SavingsGoal: Object.fromEntries(
    [
      'id',
      'name',
      'target',
      'targetDate',
      'linkedAccountId',
      'progressSource',
      'saved',
      'remaining',
      'percent',
      'monthsLeft',
      'monthlyNeeded',
      'status',
      'createdAt',
      'updatedAt',
    ].map((field) => [field, customerToolUsers]),
  ),
  // Insights (insights/): the customer's own; staff see settings and engagement by kind, no customer's rows.
  Insight: Object.fromEntries(
    ['id', 'kind', 'title', 'text', 'severity', 'relevance', 'createdAt', 'expiresAt', 'feedback'].map(
      (field) => [field, insightReaders],
    ),
  ),
  InsightFeedback: {
    outcome: insightReaders,
    outcomes: insightReaders,
    rating: insightReaders,
    respondedAt: insightReaders,
  },
  InsightEdge: { cursor: insightReaders, node: insightReaders },
  InsightConnection: { edges: insightReaders, pageInfo: insightReaders, totalCount: insightReaders },
  InsightSettings: {
    notifyThreshold: insightOverseers,
    kinds: insightOverseers,
    isDefault: insightOverseers,
  },
  InsightKindSetting: Object.fromEntries(
    ['kind', 'description', 'pluginId', 'enabled'].map((field) => [field, insightOverseers]),
  ),
  InsightKindEngagement: Object.fromEntries(
    [
      'kind',
      'generated',
      'shown',
      'opened',
      'dismissed',
      'acted',
      'thumbsUp',
      'thumbsDown',
      'engagementRate',
      'openedRate',
      'dismissedRate',
      'actedRate',
    ].map((field) => [field, insightOverseers]),
  ),
  // Surveys (surveys/): staff's definitions and aggregate results; customers' open surveys and receipts.
  Survey: Object.fromEntries(
    [
      'id',
      'seriesId',
      'version',
      'title',
      'status',
      'questions',
      'audience',
      'opensAt',
      'closesAt',
      'publishedAt',
      'closedAt',
      'createdAt',
      'updatedAt',
    ].map((field) => [field, surveyReaders]),
  ),
  SurveyQuestion: {
    id: surveyQuestionReaders,
    kind: surveyQuestionReaders,
    text: surveyQuestionReaders,
    required: surveyQuestionReaders,
    maxLength: surveyQuestionReaders,
    choices: surveyQuestionReaders,
    // Which product a question is about is the bank's business: hidden (null) for customers.
    productType: surveyReaders,
  },
  SurveyChoice: {
    id: surveyQuestionReaders,
    label: surveyQuestionReaders,
    productType: surveyReaders,
    signal: surveyReaders,
  },
  SurveyAudience: { consentPurpose: surveyReaders, featureThresholds: surveyReaders },
  SurveyFeatureThreshold: { feature: surveyReaders, min: surveyReaders, max: surveyReaders },
  OpenSurvey: {
    id: surveyRespondents,
    title: surveyRespondents,
    questions: surveyRespondents,
    closesAt: surveyRespondents,
  },
  SurveyAnswerReceipt: {
    id: surveyRespondents,
    surveyId: surveyRespondents,
    answered: surveyRespondents,
    answeredAt: surveyRespondents,
  },
  SurveyResults: {
    survey: surveyReaders,
    responses: surveyReaders,
    audience: surveyReaders,
    responseRate: surveyReaders,
    questions: surveyReaders,
    minimumAudience: surveyReaders,
  },
  SurveyQuestionResult: Object.fromEntries(
    [
      'questionId',
      'kind',
      'text',
      'answered',
      'suppressed',
      'suppressionReason',
      'choices',
      'ratingAverage',
      'ratingCounts',
    ].map((field) => [field, surveyReaders]),
  ),
  SurveyChoiceCount: {
    choiceId: surveyReaders,
    label: surveyReaders,
    count: surveyReaders,
    suppressed: surveyReaders,
  },
  TransactionPrompt: Object.fromEntries(
    [
      'id',
      'transactionId',
      'reason',
      'question',
      'text',
      'amount',
      'bookingDate',
      'merchant',
      'category',
      'answer',
      'createdAt',
    ].map((field) => [field, surveyRespondents]),
  ),
  TransactionPromptSettings: Object.fromEntries(
    ['enabled', 'largeAmountMultiple', 'largeAmountMinMinor', 'weeklyCap', 'isDefault'].map((field) => [
      field,
      promptSettingsAdmins,
    ]),
  ),
  TransactionPromptStats: Object.fromEntries(
    [
      'reason',
      'prompted',
      'answered',
      'answerRate',
      'expected',
      'unexpected',
      'categoryRight',
      'categoryWrong',
      'respondents',
      'suppressed',
      'suppressionReason',
    ].map((field) => [field, surveyReaders]),
  ),
  // Survey settings (Seam D).
  SurveySettings: { minimumAudience: surveySettingsReaders, isDefault: surveySettingsReaders },
  StaffMember: {
    subject: staffDirectoryReaders,
    displayName: staffDirectoryReaders,
    username: staffDirectoryReaders,
    roles: staffDirectoryReaders,
    lastSeenAt: staffDirectoryReaders,
  },
};

/** Root operation types of the schema, whose fields are `operations`. */
export type RootType = keyof typeof operations;

export function isRootType(typeName: string): typeName is RootType {
  return typeName === 'Query' || typeName === 'Mutation';
}

/** The audiences that may use `typeName.fieldName`, or undefined when the matrix does not know it. */
export function audiencesOf(typeName: string, fieldName: string): readonly Audience[] | undefined {
  if (isRootType(typeName)) return operations[typeName][fieldName]?.roles;
  return fields[typeName]?.[fieldName];
}

/** The audience of a caller with these roles (none: anonymous). */
export function audiencesOfCaller(roles: readonly Role[]): readonly Audience[] {
  return roles.length === 0 ? ['anonymous'] : roles;
}

/** Fields of `typeName` a caller with one of `roles` may read (the field list of CASL `read` rules). */
export function readableFields(typeName: string, roles: readonly Role[]): string[] {
  const audiences = audiencesOfCaller(roles);
  return Object.entries(fields[typeName] ?? {})
    .filter(([, allowed]) => allowed.some((audience) => audiences.includes(audience)))
    .map(([field]) => field);
}

/** The rule of a root operation, or undefined when the matrix does not know it. */
export function operationRule(typeName: string, fieldName: string): OperationRule | undefined {
  return isRootType(typeName) ? operations[typeName][fieldName] : undefined;
}
