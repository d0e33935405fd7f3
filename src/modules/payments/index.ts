export { type OpenAmount, openAmounts } from './invoice-open-amount.ts';
export {
  type RecordPaymentInput,
  type RecordPaymentResult,
  recordPayment,
  voidPayment,
} from './payment.service.ts';
export {
  type AllocationInput,
  allocatePayment,
  removeAllocation,
  settleInvoiceStatuses,
} from './payment-allocation.service.ts';
export {
  getPayment,
  listPayments,
  type Money,
  PAYMENT_METHODS,
  type Payment,
  type PaymentAllocation,
  type PaymentMethod,
  type PaymentStatus,
} from './payment-query.ts';
export { paymentRoutes } from './payments.routes.ts';
