import type { ReactElement } from 'react';
import type { Surface } from '../session/session-types.ts';

/**
 * One screen of the app: where it lives, which surface (workspace, client portal, partner or
 * platform console) it belongs to, and the permission its main API call needs. A screen of another
 * surface does not exist for a membership (its URL shows "not found"), and a navigation entry is
 * shown only when the membership holds the permission.
 */
export interface AreaRoute {
  readonly path: string;
  readonly surface: Surface;
  readonly element: ReactElement;
  /** The navigation label; screens without one (details) are reached from their lists. */
  readonly label?: string;
  readonly permission?: string;
}
