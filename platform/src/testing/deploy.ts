// The parts of @finpersona/deploy the platform's tests use, in one place.
export {
  connectClient,
  createTestDatabase,
  DEMO,
  freshTotp,
  passwordGrant,
  totpNow,
  withClient,
} from '@finpersona/deploy';
