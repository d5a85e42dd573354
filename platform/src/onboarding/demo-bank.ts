// The demo bank `./fp up` seeds (through `cli seed-demo`) and the tests use: defined once, here.
import type { OnboardingResult, OnboardTenantInput } from './contract';
import { type OnboardingService } from './onboarding.service';

/** Ana Novak, the demo customer with a Keycloak login in realm `demo-bank` (fixed user id). */
export const DEMO_CUSTOMER_SUBJECT = '5b0f3c1e-7c4a-4f3e-9a53-2d5c2f1b7a01';

const emailDomain = 'demo-bank.example';

// A bank mark (pediment, three columns, base) in the brand colours; small enough to inline.
const logoSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">' +
  '<rect width="64" height="64" rx="14" fill="#0B5FFF"/>' +
  '<path d="M32 12 52 23H12Z" fill="#FFFFFF"/>' +
  '<rect x="16" y="26" width="6" height="18" fill="#FFFFFF"/>' +
  '<rect x="29" y="26" width="6" height="18" fill="#FFFFFF"/>' +
  '<rect x="42" y="26" width="6" height="18" fill="#FFFFFF"/>' +
  '<rect x="12" y="46" width="40" height="6" rx="1" fill="#00B894"/>' +
  '</svg>';

export const DEMO_BANK_LOGO_URL = `data:image/svg+xml;base64,${Buffer.from(logoSvg, 'utf8').toString('base64')}`;

// 24 more customers: fixed names, so every seed (and every test) produces exactly the same rows.
const generatedNames: [first: string, last: string][] = [
  ['Luka', 'Horvat'],
  ['Maja', 'Kovačič'],
  ['Jan', 'Krajnc'],
  ['Nina', 'Zupančič'],
  ['Marko', 'Potočnik'],
  ['Eva', 'Kovač'],
  ['Tomaž', 'Mlakar'],
  ['Sara', 'Vidmar'],
  ['Matej', 'Kos'],
  ['Petra', 'Golob'],
  ['Andrej', 'Turk'],
  ['Katja', 'Božič'],
  ['Rok', 'Kralj'],
  ['Tina', 'Korošec'],
  ['Gregor', 'Zupan'],
  ['Urška', 'Bizjak'],
  ['Blaž', 'Hribar'],
  ['Lara', 'Kavčič'],
  ['Nejc', 'Rozman'],
  ['Živa', 'Petek'],
  ['David', 'Kolar'],
  ['Hana', 'Žagar'],
  ['Miha', 'Kastelic'],
  ['Zala', 'Oblak'],
];

/** `Maja`, `Kovačič` → `maja.kovacic@demo-bank.example` (ASCII local part). */
export function demoEmail(first: string, last: string): string {
  const ascii = (name: string) =>
    name
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-');
  return `${ascii(first)}.${ascii(last)}@${emailDomain}`;
}

function loopbackOrigins(ports: number[]): string[] {
  return ['localhost', '127.0.0.1'].flatMap((host) => ports.map((port) => `http://${host}:${port}`));
}

/** The demo bank's onboarding input: what `onboardTenant` receives for it. */
export const DEMO_BANK: OnboardTenantInput = {
  slug: 'demo-bank',
  name: 'Demo Bank',
  region: 'EU',
  realm: 'demo-bank',
  branding: {
    displayName: 'Demo Bank',
    primaryColor: '#0B5FFF',
    accentColor: '#00B894',
    logoUrl: DEMO_BANK_LOGO_URL,
  },
  // Where `./fp up` (5173/5174) and the browser tests (15173/15174 at port offset 0; `startDemoBankApi` adds
  // another offset's) serve the apps, by both loopback names.
  appOrigins: {
    admin: loopbackOrigins([5173, 15173]),
    customer: loopbackOrigins([5174, 15174]),
  },
  customers: [
    { subject: DEMO_CUSTOMER_SUBJECT, displayName: 'Ana Novak', email: demoEmail('Ana', 'Novak') },
    ...generatedNames.map(([first, last]) => ({
      subject: null,
      displayName: `${first} ${last}`,
      email: demoEmail(first, last),
    })),
  ],
  // The sandbox bank's connector, so Ana can connect an account in the demo (plugins/connector-sandbox), the
  // retail catalogue's default EU products (example figures), so `products` has something to show, and the
  // default recommendation model, whose retraining loop onboarding starts (plugins/model-propensity).
  plugins: [{ id: 'connector-sandbox' }, { id: 'catalogue-retail' }, { id: 'model-propensity' }],
};

export interface DemoBankSeed {
  workflowId: string;
  runId: string | undefined;
  result: OnboardingResult;
}

/**
 * Onboards the demo bank through `OnboardingService` (the path the `onboardTenant` mutation takes) and
 * waits for the workflow's result; a worker must be polling the task queue.
 *
 * Idempotent: a run still in progress is joined; once a run has closed, Temporal's default workflow-id
 * reuse policy (ALLOW_DUPLICATE) lets the same id `onboard-tenant:demo-bank` start a new run, whose
 * idempotent activities re-apply the definition (an operator's suspension is kept). A completed earlier
 * run is deliberately not taken as success: the database may since have been reset, or this definition changed.
 */
export async function seedDemoBank(
  onboarding: Pick<OnboardingService, 'start' | 'awaitResult'>,
  options: { timeoutMs?: number } = {},
): Promise<DemoBankSeed> {
  const run = await onboarding.start(DEMO_BANK);
  const result = await onboarding.awaitResult(run, options);
  return { workflowId: run.workflowId, runId: run.runId, result };
}

/** The one line `cli seed-demo` prints. */
export function describeDemoBankSeed(seed: DemoBankSeed): string {
  const { result } = seed;
  return (
    `Demo bank "${result.slug}" is ${result.status} with ${result.demoCustomers} demo customers ` +
    `(workflow ${seed.workflowId}${seed.runId ? `, run ${seed.runId}` : ''})`
  );
}
