export { KeycloakAdminApi, KeycloakAdminError } from './keycloak-admin-api';
export { flowVersion, managedFlowPrefix, RealmProvisioner } from './realm-provisioner';
export type { ProvisionedRealm } from './realm-provisioner';
export {
  accountPolicy,
  appPaths,
  audienceMapper,
  bankRealmTemplate,
  bankRoles,
  browserAppClient,
  bruteForceProtection,
  otpPolicy,
  passwordPolicy,
  staffOtpFlow,
  staffRoles,
  tokenLifetimes,
} from './realm-template';
export type {
  BankRealmInput,
  BankRealmTemplate,
  ClientTemplate,
  FlowStep,
  FlowTemplate,
  ProtocolMapperTemplate,
  RealmSettings,
  Requirement,
  RoleTemplate,
} from './realm-template';
export { RealmsModule } from './realms.module';
export { RealmsService } from './realms.service';
