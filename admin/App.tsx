import { Admin, CustomRoutes } from 'react-admin';
import { Route } from 'react-router-dom';
import { dataProvider } from './dataProvider.ts';
import { authProvider } from './authProvider.ts';
import { StatusPage } from './status/StatusPage.tsx';

export function App() {
  return (
    <Admin title="subdesk" dataProvider={dataProvider} authProvider={authProvider} dashboard={StatusPage} requireAuth disableTelemetry>
      <CustomRoutes>
        <Route path="/status" element={<StatusPage />} />
      </CustomRoutes>
    </Admin>
  );
}
