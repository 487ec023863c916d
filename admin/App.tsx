import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { dataProvider } from './dataProvider.ts';
import { authProvider } from './authProvider.ts';
import { StatusPage } from './status/index.ts';
import { customers } from './customers/index.ts';
import { staff } from './staff/index.ts';
import { RoleHome, SubdeskLayout } from './layout/index.ts';
import { LoginPage, ChangePasswordPage } from './login/index.ts';
import { audit } from './audit/index.ts';
import { connectLinks } from './connect-links/index.ts';
import { PlansPage } from './plans/index.ts';
import { ApiReferencePage } from './api-reference/index.ts';
import { i18nProvider, subdeskStore } from './i18n/index.ts';
import { SecurityPage, SECURITY_PATH } from './security/index.ts';
import { createQueryClient } from './queryClient.ts';

const store = subdeskStore();
const queryClient = createQueryClient();

export function App() {
  return (
    <Admin
      title="subdesk"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      store={store}
      queryClient={queryClient}
      dashboard={RoleHome}
      layout={SubdeskLayout}
      loginPage={LoginPage}
      requireAuth
      disableTelemetry
    >
      <Resource name="customers" {...customers} />
      <Resource name="staff" {...staff} />
      <Resource name="audit-events" {...audit} />
      <Resource name="connect-sessions" {...connectLinks} />
      <CustomRoutes noLayout>
        <Route path="/change-password" element={<ChangePasswordPage />} />
      </CustomRoutes>
      <CustomRoutes>
        <Route path="/status" element={<StatusPage />} />
        <Route path="/plans/:tab?/:id?" element={<PlansPage />} />
        <Route path="/api-reference" element={<ApiReferencePage />} />
        <Route path={SECURITY_PATH} element={<SecurityPage />} />
      </CustomRoutes>
    </Admin>
  );
}
