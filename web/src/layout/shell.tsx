import { type ReactNode, useEffect, useRef } from 'react';
import { NavLink, useLocation } from 'react-router';
import { useBrand } from '../brand/brand.tsx';
import { useSession } from '../session/session.tsx';
import type { AreaRoute } from './area-route.ts';
import { MembershipSwitcher } from './membership-switcher.tsx';

/** The signed-in frame: brand header, navigation of this surface, switcher, sign-out, support. */
export function Shell({ routes, children }: { routes: readonly AreaRoute[]; children: ReactNode }) {
  const brand = useBrand();
  const session = useSession();
  useHeadingFocusOnNavigation();
  const nav = routes.filter(
    (route) =>
      route.label &&
      route.surface === session.surface &&
      (!route.permission || session.can(route.permission)),
  );
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="brand-mark">
          {brand.logo ? <img src={brand.logo} alt="" width={32} height={32} /> : null}
          <span className="product-name">{brand.productName}</span>
        </div>
        <div className="topbar-session">
          <span className="membership-name">{session.membership?.name}</span>
          <MembershipSwitcher />
          <button type="button" className="button-quiet" onClick={() => void session.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <nav className="sidenav" aria-label="Main">
        <ul>
          {nav.map((route) => (
            <li key={route.path}>
              <NavLink to={route.path} end={route.path === '/'}>
                {route.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content">
        {children}
      </main>
      <footer className="footer">
        {brand.name}
        {brand.supportEmail ? (
          <>
            {' · '}Support: <a href={`mailto:${brand.supportEmail}`}>{brand.supportEmail}</a>
          </>
        ) : null}
        {brand.supportUrl ? (
          <>
            {' · '}
            <a href={brand.supportUrl} rel="noreferrer" target="_blank">
              Help centre
            </a>
          </>
        ) : null}
      </footer>
    </div>
  );
}

/**
 * After a navigation inside the app, focus moves to the new screen's heading, so keyboard and
 * screen-reader users land on the new content; after a page load it stays at the top of the page.
 */
function useHeadingFocusOnNavigation(): void {
  const { pathname } = useLocation();
  const shown = useRef(pathname);
  useEffect(() => {
    if (shown.current === pathname) return;
    shown.current = pathname;
    const frame = requestAnimationFrame(() => document.getElementById('page-title')?.focus());
    return () => cancelAnimationFrame(frame);
  }, [pathname]);
}
