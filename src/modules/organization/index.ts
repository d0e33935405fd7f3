export {
  createLegalEntity,
  getLegalEntity,
  type LegalEntity,
  type LegalEntityInput,
  listLegalEntities,
  updateLegalEntity,
} from './legal-entity.service.ts';
export { organizationRoutes } from './organization.routes.ts';
