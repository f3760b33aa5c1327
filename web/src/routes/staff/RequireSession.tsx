import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../../features/identity/api.ts';
import { changeLocale, resolveLocale } from '../../i18n/index.ts';
import { PageLoader } from '../../app/ui/PageLoader.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { SessionContext } from './session.tsx';

/** Renders its children for a signed-in staff member; sends anyone else to /login and back. */
export function RequireSession({ children }: { children: ReactNode }) {
  const location = useLocation();
  const session = useSession();
  const accountLocale = session.data?.user.locale;
  const studioLocale = session.data?.studio.defaultLocale;

  useEffect(() => {
    if (session.data) void changeLocale(resolveLocale({ account: accountLocale, studioDefault: studioLocale }), false);
  }, [session.data, accountLocale, studioLocale]);

  if (session.isPending) return <PageLoader />;
  if (session.error) return <QueryState isPending={false} error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <SessionContext.Provider value={session.data}>{children}</SessionContext.Provider>;
}

/** Shows a page only to roles holding the permission; others get a short explanation. */
export function RequirePermission({ allowed, children }: { allowed: boolean; children: ReactNode }) {
  if (!allowed) return <Navigate to="/" replace />;
  return <>{children}</>;
}
