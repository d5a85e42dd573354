import { StepUpRequired, Unauthenticated } from '../errors';
import { requireContext } from '../request-context';

/**
 * The step-up policy: a second factor entered within the last `stepUpMaxAgeSeconds`, asked for with
 * `acr_values=<STEP_UP_ACR>`. Defined here (identity imports it) and made true by the Keycloak realm
 * settings in `realms/sign-in.ts`, which make tokens list `otp` in `amr` for exactly that long.
 */
export const STEP_UP_ACR = 'mfa';
export const stepUpMaxAgeSeconds = 900;

/**
 * Operations that need a recent second factor, by the action name passed to `requireStepUp`. A new
 * sensitive operation (granting consent, changing plugins, promoting a model, exporting a customer's
 * data) adds its action here and calls `requireStepUp(action)` right after its role check.
 */
export const stepUpActions = [
  'list customers',
  'read a customer',
  'export the audit trail',
  "read a customer's transactions",
  // EU account-information access: strong customer authentication at least every 180 days (RTS Art. 10a).
  'renew a consent',
  'request erasure of your data',
  // Erasing a person is irreversible: the officer who records a request made by letter, branch or phone.
  "record a person's erasure request",
  // An access request's archive is every personal datum of a person: the officer who records and fetches it.
  "record a person's access request",
  "download a person's data export",
  // A plugin's settings hold the bank's credentials at its sources, and a plugin decides what runs for it.
  'change plugins',
  // A webhook endpoint receives the bank's events and its secret authenticates the platform to it.
  'change webhooks',
  // The bank's classifier decides how every customer's transactions are categorised from then on.
  'retrain the categoriser',
  // Art. 22 reviews: the decision on a customer's contest is the bank's answer to them, on the record.
  'decide recommendation reviews',
  // How many offers customers get and whether dismissed ones return: consumer-facing conduct settings.
  'change recommendation settings',
  // Which model scores every customer's recommendations, and when it is retrained, is the bank's decision.
  'change recommendation models',
  // Which insights every customer gets, and which are pushed to them, is consumer-facing conduct.
  'change insight settings',
  // How small a group of customers staff may see survey figures about (Seam D): a privacy safeguard.
  'change survey settings',
  // Forgetting a colleague cannot be undone: their names are gone from every screen and the trail's view.
  'forget a staff member',
] as const;
export type StepUpAction = (typeof stepUpActions)[number];

/**
 * The caller's token must show a second factor entered within the last `stepUpMaxAgeSeconds`
 * (Keycloak's `amr` contains `otp`; see `realms/sign-in.ts`). Otherwise STEP_UP_REQUIRED with
 * what the client needs to re-authenticate: `acrValues` to send as `acr_values` in a new sign-in, and
 * `maxAgeSeconds`. The refusal is audited like any denial. Call it after the role check, so a caller who
 * may not do the operation at all is told FORBIDDEN, not asked for a code that would not help.
 */
export function requireStepUp(action: StepUpAction): void {
  const context = requireContext();
  const { principal } = context;
  if (!principal) throw new Unauthenticated(`Sign in to ${action}.`);
  if (principal.authentication?.secondFactor) return;
  context.deniedAttempts.push({
    action,
    tenant: context.tenant,
    principal,
    code: 'STEP_UP_REQUIRED',
  });
  throw new StepUpRequired(
    `To ${action}, confirm it is you with your one-time code: sign in again with a second factor, then retry.`,
    { details: { acrValues: STEP_UP_ACR, maxAgeSeconds: stepUpMaxAgeSeconds } },
  );
}
