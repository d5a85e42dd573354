/**
 * @finpersona/connector-sandbox — the sandbox bank: a deterministic generator of realistic customers
 * and years of transactions (with ground truth for evaluating categorisation, recurring-payment
 * detection and product propensity) and a `DataConnector` over it. See README.md.
 */
export { generateCustomer, customerKey, archetypeMix } from './customer';
export type {
  Archetype,
  CustomerTruth,
  LifeEvent,
  LifeEventKind,
  Period,
  ProductEvent,
  SandboxAccount,
  SandboxCustomer,
  SandboxPerson,
} from './customer';
export type { GeneratedTransaction, RecurringTruth, TransactionTruth } from './simulate';
export { resolveOptions, SandboxOptionsError, defaultEndDate, type SandboxOptions } from './options';
export { sandboxCategories, sandboxCategoryList, type SandboxCategory } from './categories';
export { sandboxRegions, type SandboxRegion } from './catalogue';
export { finalBalances } from './balances';
export { createSandboxConnector, sandboxConnectorId, type SandboxConnectorSettings } from './connector';
export { sandboxPlugin } from './plugin';
