import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { dataProvider } from './dataProvider.ts';
import { authProvider } from './authProvider.ts';
import { StatusPage } from './status/StatusPage.tsx';
import { customers, SearchShortcut } from './customers/index.ts';

export function App() {
  return (
    <>
    <SearchShortcut />
    <Admin title="subdesk" dataProvider={dataProvider} authProvider={authProvider} dashboard={StatusPage} requireAuth disableTelemetry>
      <Resource name="customers" {...customers} />
      <CustomRoutes>
        <Route path="/status" element={<StatusPage />} />
      </CustomRoutes>
    </Admin>
    </>
  );
}
