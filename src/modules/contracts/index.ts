export {
  type ClientMembershipLookup,
  type Contact,
  type ContactInput,
  type ContactView,
  createContact,
  getContact,
  listContacts,
  updateContact,
} from './contact.service.ts';
export {
  type Contract,
  type ContractInput,
  createContract,
  getContract,
  listContracts,
  updateContract,
} from './contract.service.ts';
export {
  type Money,
  minorOf,
  referenceNotFound,
  requireCurrency,
  UnprocessableRequest,
} from './contract-rules.ts';
export { contractsRoutes } from './contracts.routes.ts';
export { CONTACT_FIELD_CLASSIFICATION } from './contracts.schema.ts';
export {
  addRate,
  type BillRate,
  billRateFor,
  createRateCard,
  getRateCard,
  listRateCards,
  listRates,
  type Rate,
  type RateCard,
  type RateCardInput,
  type RateInput,
  updateRateCard,
} from './rate-card.service.ts';
