import type { AuditVisibility } from '../../platform/audit/audit-visibility.ts';
import { CONTACT_FIELD_CLASSIFICATION } from '../contracts/index.ts';
import { EXPENSE_FIELD_CLASSIFICATION } from '../expenses/index.ts';
import {
  CLIENT_FIELD_CLASSIFICATION,
  PORTFOLIO_FIELD_CLASSIFICATION,
  PRACTICE_FIELD_CLASSIFICATION,
  REGION_FIELD_CLASSIFICATION,
} from '../organization/index.ts';
import { READABLE_RESOURCES } from './readable-resources.ts';

/** Who sees which audit events: the readable resources' tables and the modules' field classifications. */
export const AUDIT_VISIBILITY: AuditVisibility = Object.freeze({
  tables: Object.fromEntries(
    Object.entries(READABLE_RESOURCES).map(([kind, resource]) => [kind, resource.table]),
  ),
  fieldClassification: {
    client: CLIENT_FIELD_CLASSIFICATION,
    practice: PRACTICE_FIELD_CLASSIFICATION,
    region: REGION_FIELD_CLASSIFICATION,
    portfolio: PORTFOLIO_FIELD_CLASSIFICATION,
    contact: CONTACT_FIELD_CLASSIFICATION,
    expense: EXPENSE_FIELD_CLASSIFICATION,
  },
});
