import { QueryClient } from '@tanstack/react-query';
import { Admin, AuthCallback, CustomRoutes, Resource, type ResourceProps } from 'react-admin';
import { BrowserRouter, Route } from 'react-router-dom';
import { createApiSession, createAuthProvider, LoginPage, STEP_UP_PATH, StepUpPage } from './auth/index.ts';
import { config } from './config.ts';
import { auditTrail } from './audit/index.ts';
import { categoryRules } from './category-rules/index.ts';
import { consents } from './consents/index.ts';
import { customers } from './customers/index.ts';
import { createDataProvider, fetchTenantBranding, retryQuery } from './data/index.ts';
import { dataSubjectRequests } from './data-subject-requests/index.ts';
import { insights } from './insights/index.ts';
import { Layout, Notification, PortalLoading } from './layout/index.ts';
import { models } from './models/index.ts';
import { routesFor, type Screen } from './navigation.ts';
import { plugins } from './plugins/index.ts';
import { products } from './products/index.ts';
import { recommendationReviews } from './recommendation-reviews/index.ts';
import { staff } from './staff/index.ts';
import { surveys } from './surveys/index.ts';
import { tenants } from './tenants/index.ts';
import { webhooks } from './webhooks/index.ts';

const resources: Record<Screen, ResourceProps> = {
  tenants,
  customers,
  consents,
  'data-subject-requests': dataSubjectRequests,
  models,
  'category-rules': categoryRules,
  'recommendation-reviews': recommendationReviews,
  insights,
  surveys,
  products,
  plugins,
  webhooks,
  staff,
  'audit-trail': auditTrail,
};

const settings = config();
const dataProvider = createDataProvider({ apiUrl: settings.apiUrl, session: createApiSession(settings) });
const authProvider = createAuthProvider({
  config: settings,
  findBank: (slug) => fetchTenantBranding(settings.apiUrl, slug),
  me: () => dataProvider.me(),
});

// A query the API refused for good (a role, an input) is not asked again (data/errors.ts).
const queryClient = new QueryClient({ defaultOptions: { queries: { retry: retryQuery } } });

export function App() {
  // Path-based routes (not react-admin's default hash router): Keycloak redirects back to /auth-callback?code=…
  return (
    <BrowserRouter>
      <Admin
        title="FinPersona admin"
        queryClient={queryClient}
        dataProvider={dataProvider}
        authProvider={authProvider}
        layout={Layout}
        loading={PortalLoading}
        notification={Notification}
        loginPage={LoginPage}
        authCallbackPage={AuthCallback}
        requireAuth
        disableTelemetry
      >
        {/* Operators manage banks; bank users get the bank's screens, the menu only those their roles may use (navigation.ts). */}
        {(roles: string[] | undefined) => (
          <>
            {routesFor(roles).map((screen) => (
              <Resource key={screen} {...resources[screen]} />
            ))}
            <CustomRoutes>
              <Route path={STEP_UP_PATH} element={<StepUpPage />} />
            </CustomRoutes>
          </>
        )}
      </Admin>
    </BrowserRouter>
  );
}
