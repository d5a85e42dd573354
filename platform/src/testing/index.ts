// `@finpersona/platform/testing`: test-only helpers for other packages (never built into dist/).
export { startDemoBankApi, demoBankCustomers, demoBankTenant, type DemoBankApi } from './demo-bank-api';
export {
  decryptableValuesOf,
  encryptedCustomerColumnsSql,
  seedPersonalData,
  type SeededPersonalData,
} from './personal-data';
