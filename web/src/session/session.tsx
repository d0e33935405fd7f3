import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { api, useTokenSource } from '../api/client.ts';
import { sessionStore } from './session-store.ts';
import { type Me, type MembershipSummary, type SignedIn, type Surface, surfaceOf } from './session-types.ts';

export interface Session {
  readonly signedIn: SignedIn | null;
  readonly me: Me | undefined;
  readonly membership: MembershipSummary | null;
  readonly surface: Surface | null;
  can(permission: string): boolean;
  signIn(email: string, password: string, membershipId?: string): Promise<SignedIn>;
  switchTo(membershipId: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** Refreshes a minute before expiry so a request never carries a stale token. */
const EARLY_MS = 60_000;

/** Signs people in, keeps their tokens fresh, switches memberships and signs out. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [signedIn, setSignedIn] = useState<SignedIn | null>(() => sessionStore.read());
  const current = useRef(signedIn);
  const refreshing = useRef<Promise<string | null> | null>(null);

  const adopt = useCallback(
    (next: SignedIn | null) => {
      current.current = next;
      sessionStore.write(next);
      // Nothing cached under one membership may show under another.
      queryClient.clear();
      setSignedIn(next);
    },
    [queryClient],
  );

  const refresh = useCallback((): Promise<string | null> => {
    const session = current.current;
    if (!session) return Promise.resolve(null);
    refreshing.current ??= api<SignedIn>('/api/v1/auth/refresh', {
      method: 'POST',
      body: { refreshToken: session.refreshToken },
    })
      .then((next) => {
        current.current = next;
        sessionStore.write(next);
        return next.accessToken;
      })
      .catch(() => {
        adopt(null);
        return null;
      })
      .finally(() => {
        refreshing.current = null;
      });
    return refreshing.current;
  }, [adopt]);

  useTokenSource({
    accessToken: async () => {
      const session = current.current;
      if (!session) return null;
      if (Date.parse(session.expiresAt) - Date.now() < EARLY_MS) return refresh();
      return session.accessToken;
    },
    onUnauthenticated: refresh,
  });

  const meQuery = useQuery({
    queryKey: ['me', signedIn?.membership.id],
    queryFn: () => api<Me>('/api/v1/auth/me'),
    enabled: signedIn !== null,
    staleTime: 60_000,
  });

  const value = useMemo<Session>(() => {
    const permissions = new Set(meQuery.data?.permissions ?? []);
    return {
      signedIn,
      me: meQuery.data,
      membership: signedIn?.membership ?? null,
      surface: signedIn ? surfaceOf(signedIn.membership) : null,
      can: (permission) => permissions.has(permission),
      signIn: async (email, password, membershipId) => {
        const next = await api<SignedIn>('/api/v1/auth/login', {
          method: 'POST',
          body: { email, password, ...(membershipId ? { membershipId } : {}) },
        });
        adopt(next);
        return next;
      },
      switchTo: async (membershipId) => {
        adopt(await api<SignedIn>('/api/v1/auth/switch', { method: 'POST', body: { membershipId } }));
      },
      signOut: async () => {
        try {
          if (current.current) await api('/api/v1/auth/logout', { method: 'POST' });
        } finally {
          adopt(null);
        }
      },
    };
  }, [signedIn, meQuery.data, adopt]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
