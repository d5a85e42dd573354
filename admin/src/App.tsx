import { Admin, AuthCallback, CustomRoutes, Resource } from 'react-admin';
import { BrowserRouter, Route } from 'react-router-dom';
import { createApiSession, createAuthProvider, LoginPage, STEP_UP_PATH, StepUpPage } from './auth/index.ts';
import { config } from './config.ts';
import { customers } from './customers/index.ts';
import { createDataProvider, fetchTenantBranding } from './data/index.ts';
import { Layout } from './layout/index.ts';
import { tenants } from './tenants/index.ts';

const settings = config();
const dataProvider = createDataProvider({ apiUrl: settings.apiUrl, session: createApiSession(settings) });
const authProvider = createAuthProvider({
  config: settings,
  findBank: (slug) => fetchTenantBranding(settings.apiUrl, slug),
  me: () => dataProvider.me(),
});

export function App() {
  // Path-based routes (not react-admin's default hash router): Keycloak redirects back to /auth-callback?code=…
  return (
    <BrowserRouter>
      <Admin
        title="FinPersona admin"
        dataProvider={dataProvider}
        authProvider={authProvider}
        layout={Layout}
        loginPage={LoginPage}
        authCallbackPage={AuthCallback}
        requireAuth
        disableTelemetry
      >
        {/* Operators manage banks; bank users (and anyone whose role is refused) see their bank's customers. */}
        {(roles: string[] | undefined) => (
          <>
            {roles?.includes('platform-operator') ? <Resource {...tenants} /> : <Resource {...customers} />}
            <CustomRoutes>
              <Route path={STEP_UP_PATH} element={<StepUpPage />} />
            </CustomRoutes>
          </>
        )}
      </Admin>
    </BrowserRouter>
  );
}
