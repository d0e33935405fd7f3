export {
  type FieldClassification,
  fieldsAboveClearance,
  isCleared,
  type Projected,
  projectFields,
} from '../../platform/auth/field-projection.ts';
export { CLIENT_FIELD_CLASSIFICATION } from './client.schema.ts';
export {
  type Client,
  type ClientInput,
  type ClientStatus,
  type ClientView,
  createClient,
  getClient,
  listClients,
  updateClient,
} from './client.service.ts';
export {
  createLegalEntity,
  getLegalEntity,
  type LegalEntity,
  type LegalEntityInput,
  listLegalEntities,
  updateLegalEntity,
} from './legal-entity.service.ts';
export { organizationRoutes } from './organization.routes.ts';
export { organizationSegmentRoutes } from './organization-segments.routes.ts';
export { PORTFOLIO_FIELD_CLASSIFICATION } from './portfolio.schema.ts';
export {
  createPortfolio,
  getPortfolio,
  listPortfolios,
  type Portfolio,
  type PortfolioInput,
  type PortfolioView,
  updatePortfolio,
} from './portfolio.service.ts';
export { PRACTICE_FIELD_CLASSIFICATION } from './practice.schema.ts';
export {
  createPractice,
  getPractice,
  listPractices,
  type Practice,
  type PracticeInput,
  type PracticeView,
  updatePractice,
} from './practice.service.ts';
export { expandPracticeScope } from './practice-scope.ts';
export { REGION_FIELD_CLASSIFICATION } from './region.schema.ts';
export {
  createRegion,
  getRegion,
  listRegions,
  type Region,
  type RegionInput,
  type RegionView,
  updateRegion,
} from './region.service.ts';
