export { KeycloakAdminApi, KeycloakAdminError } from './keycloak-admin-api';
export { configAlias, flowAlias, flowVersion, managedFlowPrefix, subflowAlias } from './flow-aliases';
export { RealmProvisioner } from './realm-provisioner';
export type { ProvisionedRealm } from './realm-provisioner';
export {
  accountPolicy,
  appPaths,
  bankRealmTemplate,
  bankRoles,
  browserAppClient,
  bruteForceProtection,
  otpPolicy,
  passwordPolicy,
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
  StepConfig,
} from './realm-template';
export { clientImport, flowImport, realmImport, signInImport } from './realm-import';
export type {
  AuthenticatorConfigImport,
  ExecutionImport,
  FlowImport,
  RealmImport,
  SignInImport,
} from './realm-import';
export { audienceMapper, clientProtocolMappers, levelOfAuthentication, signInFlows } from './sign-in';
export type { SignInFlows } from './sign-in';
export { RealmsModule } from './realms.module';
export { RealmsService } from './realms.service';
