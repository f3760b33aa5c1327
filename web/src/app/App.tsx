import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Suspense, lazy, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router';
import { isApiError } from '../lib/api.ts';
import { BrandContext, type Brand } from './brand.tsx';
import { buildTheme, cssVariablesResolver, defaultBrand } from './theme.ts';
import { PageLoader } from './ui/PageLoader.tsx';

// Two route trees, loaded on demand: the public customer pages never download the dashboard.
const StaffApp = lazy(() => import('../routes/staff/StaffApp.tsx'));
const BookApp = lazy(() => import('../routes/book/BookApp.tsx'));
// The self check-in kiosk: full screen on a tablet at the door, signed in with a staff session.
const KioskApp = lazy(() => import('../routes/kiosk/KioskApp.tsx'));
// An email's unsubscribe link: public, no sign-in.
const UnsubscribePage = lazy(() => import('../features/messaging/unsubscribe/UnsubscribePage.tsx'));

const queryClient: QueryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
  queryCache: new QueryCache({
    onError: (error, query) => {
      // A session that expired mid-way: re-check it, and the guard sends the user to sign in.
      if (isApiError(error, 401) && query.queryKey[0] !== 'session' && query.queryKey[0] !== 'me') {
        void queryClient.invalidateQueries({ queryKey: ['session'] });
      }
    },
  }),
});

export function App() {
  const { t } = useTranslation();
  const [brand, setBrand] = useState<Brand | null>(null);
  const close = t('common.close');
  const showPassword = t('common.showPassword');
  const theme = useMemo(() => buildTheme(brand ?? defaultBrand, { close, showPassword }), [brand, close, showPassword]);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <Notifications position="top-right" zIndex={1000} />
      <QueryClientProvider client={queryClient}>
        <BrandContext.Provider value={setBrand}>
          <BrowserRouter>
            <Suspense fallback={<PageLoader />}>
              <Routes>
                <Route path="/s/:slug/*" element={<BookApp />} />
                <Route path="/kiosk/*" element={<KioskApp />} />
                <Route path="/u/:token" element={<UnsubscribePage />} />
                <Route path="/*" element={<StaffApp />} />
              </Routes>
            </Suspense>
          </BrowserRouter>
        </BrandContext.Provider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
