import { apiResponse } from '../../api/client.ts';
import type { Invoice } from './finance-types.ts';

/** The file name of an invoice's e-invoice: its number, so a folder of them sorts and reads well. */
export function ublFileName(invoice: Pick<Invoice, 'kind' | 'number' | 'id'>): string {
  const noun = invoice.kind === 'credit_note' ? 'credit-note' : 'invoice';
  return `${noun}-${invoice.number ?? invoice.id}.xml`;
}

/** Fetches the UBL 2.1 XML with the session's token and hands it to the browser as a download. */
export async function downloadUbl(invoice: Pick<Invoice, 'kind' | 'number' | 'id'>): Promise<void> {
  const response = await apiResponse(`/api/v1/invoices/${encodeURIComponent(invoice.id)}/ubl`, {
    headers: { accept: 'application/xml' },
  });
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = ublFileName(invoice);
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke after the browser has picked the file up.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
