import type { SignedIn } from './session-types.ts';

const KEY = 'tessera.session';

/** The tokens of this browser tab; sessionStorage, so a closed tab forgets them. */
export const sessionStore = {
  read(): SignedIn | null {
    try {
      const text = sessionStorage.getItem(KEY);
      return text ? (JSON.parse(text) as SignedIn) : null;
    } catch {
      return null;
    }
  },
  write(session: SignedIn | null): void {
    if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
    else sessionStorage.removeItem(KEY);
  },
};
