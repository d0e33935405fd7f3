import { Navigate, Route, Routes, useLocation } from 'react-router';
import type { AreaRoute } from './layout/area-route.ts';
import { Shell } from './layout/shell.tsx';
import { consoleRoutes } from './pages/consoles/routes.tsx';
import { financeRoutes } from './pages/finance/routes.tsx';
import { NotFound } from './pages/not-found.tsx';
import { portalRoutes } from './pages/portal/routes.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { workspaceRoutes } from './pages/workspace/routes.tsx';
import { useSession } from './session/session.tsx';
import { Loading } from './ui/states.tsx';

const ROUTES: readonly AreaRoute[] = [
  ...workspaceRoutes,
  ...financeRoutes,
  ...portalRoutes,
  ...consoleRoutes,
];

/** The app's screens: sign-in, then only the screens of the signed-in membership's surface. */
export function App() {
  const session = useSession();
  const location = useLocation();
  if (!session.signedIn) {
    return (
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="*" element={<Navigate to="/sign-in" replace state={{ from: location.pathname }} />} />
      </Routes>
    );
  }
  if (!session.me) return <Loading label="Signing in…" />;
  const mine = ROUTES.filter((route) => route.surface === session.surface);
  const home = mine.find((route) => route.label && (!route.permission || session.can(route.permission)));
  return (
    <Shell routes={ROUTES}>
      <Routes>
        {mine.map((route) => (
          <Route key={route.path} path={route.path} element={route.element} />
        ))}
        <Route path="/" element={home ? <Navigate to={home.path} replace /> : <NotFound />} />
        <Route path="/sign-in" element={<Navigate to={home?.path ?? '/'} replace />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Shell>
  );
}
