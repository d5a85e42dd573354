// Unit tests (src/, no services) and browser tests (e2e/, real API, Keycloak and Chromium): the web apps'
// shared configuration (deploy/local/src/web-app-vitest.ts).
import { webAppVitestConfig } from '@finpersona/deploy/vitest';

export default webAppVitestConfig();
