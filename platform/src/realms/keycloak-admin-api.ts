import type { KeycloakAdminConfig } from '../config';

/** A Keycloak admin REST call that did not succeed; `status` is the HTTP status (0: no answer). */
export class KeycloakAdminError extends Error {
  override name = 'KeycloakAdminError';
  constructor(
    message: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface AdminResponse<T> {
  status: number;
  body: T;
  /** The `Location` header of a 201, whose last segment is the new object's id. */
  location: string | null;
}

/**
 * The few Keycloak admin REST calls realm provisioning needs, with plain `fetch` (the official admin client
 * is ESM-only and the platform builds CommonJS). Signs in with the configured credentials and reuses the
 * admin token until shortly before it expires.
 */
export class KeycloakAdminApi {
  private token: { value: string; expiresAt: number } | undefined;

  constructor(
    private readonly config: KeycloakAdminConfig,
    private readonly timeoutMs = 10_000,
  ) {}

  /**
   * `path` is relative to `/admin/realms`. Statuses in `accept` (besides 2xx) are returned, not thrown:
   * a 404 that means "not there yet", a 409 that means "someone created it first".
   */
  async request<T = unknown>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    options: { body?: unknown; accept?: number[] } = {},
  ): Promise<AdminResponse<T>> {
    const url = `${this.config.url}/admin/realms${path}`;
    const response = await this.fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${await this.accessToken()}`,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    if (!response.ok && !options.accept?.includes(response.status)) {
      throw new KeycloakAdminError(
        `Keycloak admin API ${method} ${path} answered HTTP ${response.status}: ${text.slice(0, 300)}`,
        response.status,
      );
    }
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : undefined) as T,
      location: response.headers.get('location'),
    };
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now()) return this.token.value;
    const { credentials } = this.config;
    const form = new URLSearchParams({ client_id: this.config.clientId });
    if (credentials.kind === 'client-credentials') {
      form.set('grant_type', 'client_credentials');
      form.set('client_secret', credentials.clientSecret);
    } else {
      form.set('grant_type', 'password');
      form.set('username', credentials.username);
      form.set('password', credentials.password);
    }
    const tokenUrl = `${this.config.url}/realms/${this.config.realm}/protocol/openid-connect/token`;
    const response = await this.fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    if (!response.ok) {
      // The body may echo what was sent; only the status goes into the message.
      throw new KeycloakAdminError(
        `Keycloak refused the admin sign-in to realm "${this.config.realm}" as client "${this.config.clientId}" ` +
          `(HTTP ${response.status}); check the KEYCLOAK_ADMIN_* settings.`,
        response.status,
      );
    }
    const body = (await response.json()) as { access_token: string; expires_in: number };
    // Renewed 30 s early, so a token never expires between this check and Keycloak's.
    this.token = { value: body.access_token, expiresAt: Date.now() + (body.expires_in - 30) * 1000 };
    return body.access_token;
  }

  private async fetch(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw new KeycloakAdminError(`Keycloak did not answer ${init.method} ${url}`, 0, { cause: error });
    }
  }
}
