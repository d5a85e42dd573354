import { createHash, randomBytes } from 'node:crypto';

/** Where Keycloak's browser sign-in ended. */
export type BrowserSignIn =
  | { outcome: 'tokens'; accessToken: string; idToken: string }
  /** Keycloak answered with a page instead of the redirect back (e.g. an OTP step, or an error page). */
  | { outcome: 'page'; status: number; html: string }
  /** Keycloak redirected back with an OAuth error (`error=…`). */
  | { outcome: 'error'; error: string; description: string | null };

/**
 * Signs in through Keycloak's real browser flow the way the apps do — authorization code with PKCE S256,
 * the login form posted with the session cookies — without a browser: enough to see which redirect URIs a
 * client accepts, whether a second factor is asked for, and to get real tokens.
 */
export async function browserSignIn(options: {
  keycloakUrl: string;
  realm: string;
  clientId: string;
  redirectUri: string;
  username: string;
  password: string;
  /** false sends no code_challenge (to see PKCE enforced). */
  pkce?: boolean;
  /** Typed into Keycloak's one-time-code form when it asks for one (otherwise that page is the outcome). */
  totp?: () => string;
  /** Sent as `acr_values` (e.g. `mfa` to ask for the second factor, as the apps do to step up). */
  acrValues?: string;
}): Promise<BrowserSignIn> {
  const base = `${options.keycloakUrl}/realms/${options.realm}/protocol/openid-connect`;
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const query = new URLSearchParams({
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    response_type: 'code',
    scope: 'openid',
    state: randomBytes(8).toString('hex'),
  });
  if (options.acrValues) query.set('acr_values', options.acrValues);
  if (options.pkce !== false) {
    query.set('code_challenge', challenge);
    query.set('code_challenge_method', 'S256');
  }
  const cookies = new Map<string, string>();
  const remember = (response: Response) => {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = pair!.split('=');
      cookies.set(name!.trim(), value.join('='));
    }
  };
  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');

  const loginPage = await fetch(`${base}/auth?${query}`, { redirect: 'manual' });
  remember(loginPage);
  // Straight back without a form: an OAuth error (a missing PKCE challenge, say).
  const redirected = redirectOutcome(loginPage, options.redirectUri);
  if (redirected?.outcome === 'code')
    throw new Error('Keycloak issued a code without asking for credentials');
  if (redirected) return redirected;
  const html = await loginPage.text();
  const action = /<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) return { outcome: 'page', status: loginPage.status, html };

  const post = async (formAction: string, fields: Record<string, string>): Promise<Response> => {
    let response = await fetch(formAction.replaceAll('&amp;', '&'), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader() },
      body: new URLSearchParams(fields),
    });
    remember(response);
    // Follow Keycloak's own redirects (e.g. to a required action such as setting up a one-time code).
    for (let hops = 0; hops < 5; hops++) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location?.startsWith(options.keycloakUrl))
        break;
      response = await fetch(location, { redirect: 'manual', headers: { cookie: cookieHeader() } });
      remember(response);
    }
    return response;
  };
  let submitted = await post(action, { username: options.username, password: options.password });
  if (options.totp && !redirectOutcome(submitted, options.redirectUri)) {
    const page = await submitted.text();
    const otpAction = /<form[^>]*id="kc-otp-login-form"[^>]*action="([^"]+)"/.exec(page)?.[1];
    if (!otpAction) return { outcome: 'page', status: submitted.status, html: page };
    submitted = await post(otpAction, { otp: options.totp() });
  }
  const afterLogin = redirectOutcome(submitted, options.redirectUri);
  if (!afterLogin) return { outcome: 'page', status: submitted.status, html: await submitted.text() };
  if (afterLogin.outcome !== 'code') return afterLogin;

  const tokens = await fetch(`${base}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: options.clientId,
      code: afterLogin.code,
      redirect_uri: options.redirectUri,
      ...(options.pkce !== false ? { code_verifier: verifier } : {}),
    }),
  });
  const body = (await tokens.json()) as { access_token?: string; id_token?: string; error?: string };
  if (!tokens.ok || !body.access_token) {
    return { outcome: 'error', error: body.error ?? `HTTP ${tokens.status}`, description: null };
  }
  return { outcome: 'tokens', accessToken: body.access_token, idToken: body.id_token ?? '' };
}

function redirectOutcome(
  response: Response,
  redirectUri: string,
): { outcome: 'code'; code: string } | BrowserSignIn | undefined {
  const location = response.headers.get('location');
  if (response.status < 300 || response.status >= 400 || !location?.startsWith(redirectUri)) return undefined;
  const params = new URL(location).searchParams;
  const code = params.get('code');
  if (code) return { outcome: 'code', code };
  return {
    outcome: 'error',
    error: params.get('error') ?? 'no code',
    description: params.get('error_description'),
  };
}
