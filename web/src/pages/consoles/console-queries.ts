import { useQuery } from '@tanstack/react-query';
import { apiAll } from '../../api/client.ts';
import type { ConsoleCell, ConsolePartner, ConsoleTenant } from './console-types.ts';

export const TENANTS = '/api/v1/tenants';
export const PARTNERS = '/api/v1/partners';
export const CELLS = '/api/v1/cells';
export const SUPPORT_GRANTS = '/api/v1/support-grants';
/** Every tenant's support grants, for the platform's operators. */
export const PLATFORM_GRANTS = '/api/v1/platform/support-grants';

/** The tenants the caller administers (a partner's subtree, or all of them for the platform). */
export function useTenants() {
  return useQuery({ queryKey: [TENANTS], queryFn: () => apiAll<ConsoleTenant>(TENANTS) });
}

/** The partners in the caller's reach. */
export function usePartners() {
  return useQuery({ queryKey: [PARTNERS], queryFn: () => apiAll<ConsolePartner>(PARTNERS) });
}

export function useCells() {
  return useQuery({ queryKey: [CELLS], queryFn: () => apiAll<ConsoleCell>(CELLS) });
}
