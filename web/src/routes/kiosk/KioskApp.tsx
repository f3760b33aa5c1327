import { Route, Routes } from 'react-router';
import { RequireSession } from '../staff/RequireSession.tsx';
import { KioskLocationsPage, KioskPage } from './KioskPage.tsx';

/**
 * The self check-in kiosk (`/kiosk/:locationId`): a staff member signs in on the device once
 * (the staff session), then customers check themselves in. Full screen, no dashboard around it.
 */
export default function KioskApp() {
  return (
    <RequireSession>
      <Routes>
        <Route index element={<KioskLocationsPage />} />
        <Route path=":locationId" element={<KioskPage />} />
      </Routes>
    </RequireSession>
  );
}
