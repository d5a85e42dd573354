// The white-label shell: find out which bank this is, dress the page in its branding, sign the customer in.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { UserManager } from 'oidc-client-ts';
import { ApiClient, ApiError, type Me, type TenantBranding } from '../api/client.ts';
import type { StepUpChallenge } from '@finpersona/api-client';
import {
  completeSignIn,
  createUserManager,
  currentUser,
  isSignInCallback,
  returnPathHere,
  startStepUp,
} from '../auth/oidc.ts';
import { applyCssVariables, BrandLogo, brandingToCssVariables, resolveLogoUrl } from '../branding/index.ts';
import { config, resolveTenantSlug } from '../config.ts';
import { Dashboard } from '../dashboard/Dashboard.tsx';
import { privacyPath, viewOf } from '../dashboard/routes.ts';
import { completeConnection } from '../accounts/accounts-api.ts';
import { isConnectionCallback } from '../accounts/format.ts';
import { PrivacyPage } from '../privacy/PrivacyPage.tsx';
import { greeting } from './greeting.ts';
import { describeError as describeFailure } from './describe-error.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { LanguageSwitcher } from '../i18n/LanguageSwitcher.tsx';
import type { Translate } from '../i18n/i18n.ts';
import { isRateLimited, retryAt, retryState, secondsUntil } from './retry.ts';

type Session =
  | { kind: 'checking' }
  | { kind: 'signed-out'; notice?: string }
  | { kind: 'redirecting' }
  | { kind: 'step-up'; challenge: StepUpChallenge }
  | { kind: 'signed-in'; me: Me; token: string; notice?: string };

type Page =
  | { kind: 'loading' }
  | { kind: 'unknown-bank'; slug: string }
  | { kind: 'api-down'; detail: string }
  | { kind: 'rate-limited'; retryAt: number }
  | { kind: 'bank'; tenant: TenantBranding; session: Session };

export function App() {
  const { t } = useI18n();
  const settings = config();
  const slug = resolveTenantSlug(settings, window.location.hostname);
  const api = useMemo(() => new ApiClient(settings.apiUrl, slug), [settings.apiUrl, slug]);
  const [page, setPage] = useState<Page>({ kind: 'loading' });
  const [manager, setManager] = useState<UserManager | null>(null);
  const [attempt, setAttempt] = useState(0);
  // The privacy page has a path of its own (a consent reminder links it); the dashboard keeps its own routes.
  const [view, setView] = useState(() => viewOf(window.location.pathname));
  const showView = (next: 'home' | 'privacy') => {
    setView(next);
    const path = next === 'privacy' ? privacyPath : '/';
    if (window.location.pathname !== path) window.history.pushState(null, '', path);
  };
  useEffect(() => {
    const follow = () => setView(viewOf(window.location.pathname));
    window.addEventListener('popstate', follow);
    return () => window.removeEventListener('popstate', follow);
  }, []);

  const setSession = useCallback(
    (session: Session) => setPage((current) => (current.kind === 'bank' ? { ...current, session } : current)),
    [],
  );

  useEffect(() => {
    let cancelled = false;
    async function start() {
      setPage({ kind: 'loading' });
      let tenant: TenantBranding | null;
      try {
        tenant = await api.tenantBranding();
      } catch (error) {
        if (!cancelled)
          setPage(
            isRateLimited(error)
              ? { kind: 'rate-limited', retryAt: retryAt(error) }
              : { kind: 'api-down', detail: describeFailure(error, t) },
          );
        return;
      }
      if (cancelled) return;
      if (!tenant) {
        setPage({ kind: 'unknown-bank', slug });
        return;
      }
      applyCssVariables(document.documentElement, brandingToCssVariables(tenant.branding));
      document.title = tenant.branding.displayName;
      const userManager = createUserManager(tenant.issuer);
      setManager(userManager);
      setPage({ kind: 'bank', tenant, session: { kind: 'checking' } });

      try {
        const user = isSignInCallback(window.location)
          ? await completeSignIn(userManager)
          : await currentUser(userManager);
        if (!user) {
          if (!cancelled) setSession({ kind: 'signed-out' });
          return;
        }
        const me = await api.me(user.access_token);
        // Back from authorising at a source: finish connecting, then show the accounts.
        const notice = isConnectionCallback(window.location)
          ? await finishConnecting(api, user.access_token, t)
          : undefined;
        if (cancelled) return;
        // Back from signing in, the path is the page the customer set out for (e.g. a notification's link).
        setView(viewOf(window.location.pathname));
        setSession({ kind: 'signed-in', me, token: user.access_token, notice });
      } catch (error) {
        if (cancelled) return;
        if (isRateLimited(error)) {
          // Not a reason to sign out: keep the session, leave the one-time callback URL, wait and retry.
          if (isSignInCallback(window.location)) window.history.replaceState(null, '', '/');
          setPage({ kind: 'rate-limited', retryAt: retryAt(error) });
          return;
        }
        if (error instanceof ApiError && error.code === 'NETWORK') {
          setPage({ kind: 'api-down', detail: describeFailure(error, t) });
          return;
        }
        if (error instanceof ApiError && error.stepUp) {
          // Keep the session: the API wants a recent second factor, not a new sign-in from scratch.
          setSession({ kind: 'step-up', challenge: error.stepUp });
          return;
        }
        await userManager.removeUser();
        window.history.replaceState(null, '', '/');
        setSession({ kind: 'signed-out', notice: t('app.signedOut', { reason: describeFailure(error, t) }) });
      }
    }
    void start();
    return () => {
      cancelled = true;
    };
    // Not on `t`: switching the language must not start (and sign in) again; its notices stay as said.
  }, [api, slug, attempt, setSession]);

  async function signIn() {
    if (!manager) return;
    setSession({ kind: 'redirecting' });
    try {
      // Back to the page the customer came for (a deep link, e.g. a notification's), not always the root.
      await manager.signinRedirect({ state: { returnTo: returnPathHere() } });
    } catch (error) {
      setSession({
        kind: 'signed-out',
        notice: t('app.signIn.failed', { reason: describeFailure(error, t) }),
      });
    }
  }

  async function stepUp(challenge: StepUpChallenge) {
    if (!manager) return;
    setSession({ kind: 'redirecting' });
    try {
      await startStepUp(manager, challenge);
    } catch (error) {
      setSession({
        kind: 'signed-out',
        notice: t('app.stepUp.failed', { reason: describeFailure(error, t) }),
      });
    }
  }

  async function signOut() {
    if (!manager) return;
    const user = await manager.getUser();
    await manager.removeUser();
    if (user?.id_token) {
      await manager.signoutRedirect({ id_token_hint: user.id_token });
    } else {
      setSession({ kind: 'signed-out' });
    }
  }

  if (page.kind === 'loading') {
    return (
      <main className="centered" aria-busy="true" data-state="loading">
        <div className="spinner" aria-hidden="true" />
        <p>{t('app.loading')}</p>
      </main>
    );
  }

  if (page.kind === 'unknown-bank') {
    return (
      <main className="centered" data-state="unknown-bank">
        <section className="card notice" role="alert">
          <h1>{t('app.unknownBank.title')}</h1>
          <p>{t('app.unknownBank.body', { slug: page.slug })}</p>
        </section>
      </main>
    );
  }

  if (page.kind === 'api-down') {
    return (
      <main className="centered" data-state="api-down">
        <section className="card notice" role="alert">
          <h1>{t('app.apiDown.title')}</h1>
          <p>{t('app.apiDown.body')}</p>
          <p className="detail">{page.detail}</p>
          <button type="button" className="button primary" onClick={() => setAttempt((n) => n + 1)}>
            {t('app.tryAgain')}
          </button>
        </section>
      </main>
    );
  }

  if (page.kind === 'rate-limited') {
    return <RateLimitedNotice retryAt={page.retryAt} onRetry={() => setAttempt((n) => n + 1)} />;
  }

  const { tenant, session } = page;
  const bankName = tenant.branding.displayName;
  return (
    <div className="app" data-state={session.kind}>
      <header className="brand-bar">
        <div className="brand">
          <BrandLogo name={bankName} src={resolveLogoUrl(tenant.branding.logoUrl, settings.apiUrl)} />
          <span className="brand-name">{bankName}</span>
        </div>
        <nav className="brand-nav" aria-label={t('app.nav.label')}>
          <LanguageSwitcher />
          {session.kind === 'signed-in' && (
            <>
              <button
                type="button"
                className="button ghost"
                aria-pressed={view === 'privacy'}
                onClick={() => showView(view === 'privacy' ? 'home' : 'privacy')}
              >
                {view === 'privacy' ? t('app.nav.overview') : t('app.nav.privacy')}
              </button>
              <button type="button" className="button ghost" onClick={() => void signOut()}>
                {t('app.signOut')}
              </button>
            </>
          )}
        </nav>
      </header>
      <main className="content">
        {session.kind === 'checking' && (
          <section className="centered" aria-busy="true">
            <div className="spinner" aria-hidden="true" />
          </section>
        )}
        {(session.kind === 'signed-out' || session.kind === 'redirecting') && (
          <section className="card hero">
            <h1>{t('app.welcome', { bank: bankName })}</h1>
            <p>{t('app.welcome.body')}</p>
            {session.kind === 'signed-out' && session.notice && (
              <p className="detail" role="status">
                {session.notice}
              </p>
            )}
            <button
              type="button"
              className="button primary"
              onClick={() => void signIn()}
              disabled={session.kind === 'redirecting'}
            >
              {session.kind === 'redirecting' ? t('app.signIn.opening') : t('app.signIn')}
            </button>
          </section>
        )}
        {session.kind === 'step-up' && (
          <section className="card hero" data-testid="step-up">
            <h1>{t('app.stepUp.title')}</h1>
            <p>{t('app.stepUp.body')}</p>
            <button type="button" className="button primary" onClick={() => void stepUp(session.challenge)}>
              {t('app.stepUp.button')}
            </button>
          </section>
        )}
        {session.kind === 'signed-in' && view === 'privacy' && (
          <PrivacyPage
            api={api}
            accessToken={session.token}
            onStepUp={(error) => error.stepUp && setSession({ kind: 'step-up', challenge: error.stepUp })}
          />
        )}
        {session.kind === 'signed-in' && view === 'home' && (
          <section className="card hero signed-in">
            <p className="eyebrow">{bankName}</p>
            <h1 data-testid="greeting">
              {greeting(session.me.displayName ?? session.me.username, new Date(), t)}
            </h1>
            <Dashboard api={api} token={session.token} notice={session.notice} />
          </section>
        )}
      </main>
    </div>
  );
}

/** Completes a connection from the source's redirect back and leaves the one-time URL; returns what to tell the customer. */
async function finishConnecting(api: ApiClient, token: string, t: Translate): Promise<string> {
  const parameters = new URLSearchParams(window.location.search);
  window.history.replaceState(null, '', '/');
  try {
    const result = await completeConnection(api, token, parameters);
    return result.status === 'ACTIVE' ? t('app.connected') : t('app.connectionRefused');
  } catch (error) {
    return t('app.connectionFailed', { reason: describeFailure(error, t) });
  }
}

/** Too many requests: says how long to wait and enables "Try again" only once the API's Retry-After has passed. */
function RateLimitedNotice({ retryAt, onRetry }: { retryAt: number; onRetry: () => void }) {
  const { t } = useI18n();
  const [secondsLeft, setSecondsLeft] = useState(() => secondsUntil(retryAt));
  useEffect(() => {
    const timer = window.setInterval(() => setSecondsLeft(secondsUntil(retryAt)), 1000);
    return () => window.clearInterval(timer);
  }, [retryAt]);
  const { message, button, canRetry } = retryState(secondsLeft, t);
  return (
    <main className="centered" data-state="rate-limited">
      <section className="card notice" role="alert">
        <h1>{t('app.rateLimited.title')}</h1>
        <p>{message}</p>
        <button type="button" className="button primary" onClick={onRetry} disabled={!canRetry}>
          {button}
        </button>
      </section>
    </main>
  );
}
