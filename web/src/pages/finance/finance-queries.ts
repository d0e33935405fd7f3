import { useQuery } from '@tanstack/react-query';
import { api, apiAll } from '../../api/client.ts';
import type { BillingRun, Client, Invoice, LegalEntity, Practice } from './finance-types.ts';

/** The legal entities the membership sees (a finance user scoped to one entity sees one). */
export function useLegalEntities() {
  return useQuery({
    queryKey: ['/api/v1/legal-entities'],
    queryFn: () => apiAll<LegalEntity>('/api/v1/legal-entities'),
  });
}

/** The clients the membership sees, for names on invoices. */
export function useClients() {
  return useQuery({
    queryKey: ['/api/v1/clients'],
    queryFn: () => apiAll<Client>('/api/v1/clients'),
  });
}

/** The practices the membership sees, for names on the utilization chart. */
export function usePractices() {
  return useQuery({
    queryKey: ['/api/v1/practices'],
    queryFn: () => apiAll<Practice>('/api/v1/practices'),
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether an address's id can name anything at all (anything else is simply not found). */
export function isId(id: string): boolean {
  return UUID.test(id);
}

/** One invoice with its lines and allowances. */
export function useInvoice(id: string) {
  return useQuery({
    queryKey: ['/api/v1/invoices', id],
    queryFn: () => api<Invoice>(`/api/v1/invoices/${encodeURIComponent(id)}`),
    enabled: isId(id),
  });
}

/** Every billing run in scope, newest first (a run that drafted nothing too). */
export function useBillingRuns() {
  return useQuery({
    queryKey: ['/api/v1/billing-runs', 'all'],
    queryFn: () => apiAll<BillingRun>('/api/v1/billing-runs'),
  });
}

/** Every invoice in scope (the runs' invoices and the pipeline are read from them). */
export function useAllInvoices(enabled = true) {
  return useQuery({
    queryKey: ['/api/v1/invoices', 'all'],
    queryFn: () => apiAll<Invoice>('/api/v1/invoices'),
    enabled,
  });
}

/** Looks names up by id; unknown ids (out of scope) read as "—". */
export function nameOf(list: readonly { id: string; name: string }[] | undefined, id: string | null): string {
  if (!id) return '—';
  return list?.find((item) => item.id === id)?.name ?? '—';
}
