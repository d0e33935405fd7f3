import { useQuery } from '@tanstack/react-query';
import { api, apiAll } from '../../api/client.ts';
import { isId } from './finance-queries.ts';
import type { Contract, ContractFee } from './finance-types.ts';

/** Every contract the membership sees. */
export function useContracts() {
  return useQuery({
    queryKey: ['/api/v1/contracts', 'all'],
    queryFn: () => apiAll<Contract>('/api/v1/contracts'),
  });
}

/** One contract. */
export function useContract(id: string) {
  return useQuery({
    queryKey: ['/api/v1/contracts', id],
    queryFn: () => api<Contract>(`/api/v1/contracts/${encodeURIComponent(id)}`),
    enabled: isId(id),
  });
}

/** A retainer or subscription contract's fee schedule, oldest revision first. */
export function useContractFees(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['/api/v1/contracts', id, 'fees'],
    queryFn: async () =>
      (await api<{ items: ContractFee[] }>(`/api/v1/contracts/${encodeURIComponent(id)}/fees`)).items,
    enabled: enabled && isId(id),
  });
}

/** The billing model in words. */
export const BILLING_MODELS: Record<Contract['billingModel'], string> = {
  time_and_materials: 'Time and materials',
  fixed_fee: 'Fixed fee',
  retainer: 'Retainer',
  subscription: 'Subscription',
};

/** Whether the contract bills recurring fees from a schedule. */
export function hasFeeSchedule(contract: Contract): boolean {
  return contract.billingModel === 'retainer' || contract.billingModel === 'subscription';
}
