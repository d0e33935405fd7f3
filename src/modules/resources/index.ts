export { addCostRate, type CostRate, listCostRates } from './cost-rate.service.ts';
export {
  createPerson,
  getPerson,
  listPeople,
  type Person,
  type PersonInput,
  type PersonPatch,
  updatePerson,
} from './person.service.ts';
export { resourcesRoutes } from './resources.routes.ts';
