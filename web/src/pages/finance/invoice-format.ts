import { formatMoney } from '../../ui/format.ts';
import type { Invoice, InvoiceStatus } from './finance-types.ts';

/** An invoice's money in its currency. */
export function invoiceMoney(invoice: Pick<Invoice, 'currency'>, amountMinor: number): string {
  return formatMoney({ amountMinor, currency: invoice.currency });
}

/** "Invoice 12", "Credit note 3", or "Draft invoice" before a number is given. */
export function invoiceTitle(invoice: Pick<Invoice, 'kind' | 'number' | 'status'>): string {
  const noun = invoice.kind === 'credit_note' ? 'Credit note' : 'Invoice';
  if (invoice.number !== null) return `${noun} ${invoice.number}`;
  return `${invoice.status === 'void' ? 'Void' : 'Draft'} ${noun.toLowerCase()}`;
}

const STATUS_BADGE: Record<InvoiceStatus, string> = {
  draft: 'badge',
  approved: 'badge badge-warn',
  issued: 'badge badge-ok',
  paid: 'badge badge-ok',
  void: 'badge badge-danger',
};

/** The badge class of a status. */
export function statusBadge(status: InvoiceStatus): string {
  return STATUS_BADGE[status];
}

/** Days between the issue and the due date, the invoice's payment terms. */
export function paymentTermDays(invoice: Pick<Invoice, 'issueDate' | 'dueDate'>): number | null {
  if (!invoice.issueDate || !invoice.dueDate) return null;
  return Math.round((Date.parse(invoice.dueDate) - Date.parse(invoice.issueDate)) / 86_400_000);
}

/** "20 %" for a VAT rate string as the API gives it. */
export function vatRateLabel(rate: string): string {
  return `${rate} %`;
}

const VAT_CATEGORY: Record<string, string> = {
  S: 'Standard rate',
  Z: 'Zero rated',
  E: 'Exempt',
  AE: 'Reverse charge',
  O: 'Not subject to VAT',
};

/** The VAT category's name (EN 16931 codes). */
export function vatCategoryLabel(category: string): string {
  return VAT_CATEGORY[category] ?? category;
}

/** Today as YYYY-MM-DD in the browser's calendar. */
export function today(): string {
  const now = new Date();
  const month = String(now.getMonth() + 1).padStart(2, '0');
  const day = String(now.getDate()).padStart(2, '0');
  return `${now.getFullYear()}-${month}-${day}`;
}
