export { requireStepUp, STEP_UP_ACR, stepUpActions, stepUpMaxAgeSeconds } from './step-up';
export type { StepUpAction } from './step-up';
export { defineAbilitiesFor, currentAbility } from './abilities';
export type { AbilityInput, Action, AppAbility, SubjectType } from './abilities';
export { authorize, callerIsBankStaff, isBankStaff } from './authorize';
export { hiddenFieldsMiddleware, refusalsFor, roleMatrixGate } from './graphql-gate';
export type { Refusal } from './graphql-gate';
export { accessibleWhere, conditionsFor, permittedFields } from './query-conditions';
export type { WhereCondition } from './query-conditions';
export {
  audiencesOf,
  everyone,
  fields as roleMatrixFields,
  operations as roleMatrixOperations,
  readableFields,
  signedIn,
} from './role-matrix';
export type { Audience, OperationRule, Tenancy } from './role-matrix';
