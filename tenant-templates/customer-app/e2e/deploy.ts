// The parts of @finpersona/deploy the browser tests use, in one place.
export {
  buildAndPreview,
  computedStyle,
  createTestDatabase,
  DEMO,
  ensureTestServices,
  freePort,
  launchBrowser,
  totpNow,
  type ServedApp,
  type TestBrowser,
} from '@finpersona/deploy';
