// Which screens the portal offers to whom. Mirrors the API's role matrix (platform/src/access/role-matrix.ts),
// which decides: the portal only leaves out entries the API would refuse, it grants nothing itself.
//   tenants                 Query.tenants              platform-operator
//   customers               Query.customers            bank-admin, compliance-officer (and customers: their own)
//   consents                Query.consentOverview      bank-admin, compliance-officer
//   data-subject-requests   Query.dataSubjectRequests  compliance-officer (customers follow theirs in the app)
//   models                  Query.recommendationModels bank-admin, compliance-officer (changes: bank-admin, step-up)
//   category-rules          Query.categoryRules        bank-admin
//   recommendation-reviews  Query.recommendationReviews bank-admin, compliance-officer (decide: compliance-officer,
//                                                      step-up; delivery settings: bank-admin)
//   insights                Query.insightSettings      bank-admin, compliance-officer (changes: bank-admin, step-up)
//   surveys                 Query.bankSurveys          bank-admin, compliance-officer (changes: bank-admin; the
//                                                      minimum audience: bank-admin, step-up)
//   products                Query.products             bank-admin, compliance-officer (customers: theirs in the app)
//   plugins                 Query.pluginInstallations  bank-admin (changes: step-up)
//   webhooks                Query.webhookSubscriptions bank-admin (changes: step-up)
//   staff                   Query.staffDirectory       bank-admin (forget: step-up)
//   audit-trail             Query.auditTrail           compliance-officer (export: step-up)

export type Screen =
  | 'tenants'
  | 'customers'
  | 'consents'
  | 'data-subject-requests'
  | 'models'
  | 'category-rules'
  | 'recommendation-reviews'
  | 'insights'
  | 'surveys'
  | 'products'
  | 'plugins'
  | 'webhooks'
  | 'staff'
  | 'audit-trail';

/** The bank's screens in menu order. */
const bankScreens: readonly Screen[] = [
  'customers',
  'consents',
  'data-subject-requests',
  'models',
  'category-rules',
  'recommendation-reviews',
  'insights',
  'surveys',
  'products',
  'plugins',
  'webhooks',
  'staff',
  'audit-trail',
];

/** Who may use each bank screen besides customers (everyone signed in to the bank gets the list, see below). */
const bankScreenRoles: Readonly<Record<Exclude<Screen, 'tenants' | 'customers'>, readonly string[]>> = {
  consents: ['bank-admin', 'compliance-officer'],
  'data-subject-requests': ['compliance-officer'],
  models: ['bank-admin', 'compliance-officer'],
  'category-rules': ['bank-admin'],
  'recommendation-reviews': ['bank-admin', 'compliance-officer'],
  insights: ['bank-admin', 'compliance-officer'],
  surveys: ['bank-admin', 'compliance-officer'],
  products: ['bank-admin', 'compliance-officer'],
  plugins: ['bank-admin'],
  webhooks: ['bank-admin'],
  staff: ['bank-admin'],
  'audit-trail': ['compliance-officer'],
};

/**
 * The screens registered for a signed-in person: operators the platform's, bank users all of the bank's.
 * A bank screen their role may not use is left out of the menu (`screensFor`) but still answers its URL,
 * with the API's own "not allowed" message instead of a blank "not found" page.
 */
export function routesFor(roles: readonly string[] | undefined): Screen[] {
  return roles?.includes('platform-operator') ? ['tenants'] : [...bankScreens];
}

/** The menu entries: only what the role matrix lets these roles use. */
export function screensFor(roles: readonly string[] | undefined): Screen[] {
  const has = (role: string) => roles?.includes(role) ?? false;
  if (has('platform-operator')) return ['tenants'];
  // Anyone else who signs in gets the customers screen: a role the API refuses sees "Not allowed" there.
  return bankScreens.filter(
    (screen) =>
      screen === 'customers' || (screen !== 'tenants' && bankScreenRoles[screen].some((role) => has(role))),
  );
}
