/**
 * The closed catalogue of error codes Tessera answers with, each with its HTTP status and title.
 * Adding a code without an entry here is a type error, so no error can leave without a message.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'ROUTE_NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'DUPLICATE'
  | 'REFERENCE_NOT_FOUND'
  | 'PRACTICE_CYCLE'
  | 'BUSINESS_RULE_VIOLATED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'LEDGER_UNBALANCED'
  | 'LEDGER_PERIOD_CLOSED'
  | 'LEDGER_APPEND_ONLY'
  | 'LEDGER_ALREADY_REVERSED'
  | 'LEDGER_ACCOUNT_INACTIVE'
  | 'FX_RATE_MISSING'
  | 'PRIVILEGE_ESCALATION'
  | 'TIMESHEET_LOCKED'
  | 'TIME_ENTRY_LOCKED'
  | 'TIME_PERIOD_CLOSED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'STATEMENT_TIMEOUT'
  | 'TENANT_CONTEXT_MISSING'
  | 'TENANT_NOT_PLACED'
  | 'TENANT_NOT_ON_CELL'
  | 'TENANT_NOT_ACTIVE'
  | 'PLACEMENT_RESIDENCY_VIOLATION'
  | 'PLACEMENT_NO_DEDICATED_CELL'
  | 'PLACEMENT_KIND_MISMATCH'
  | 'PLACEMENT_CELL_OCCUPIED'
  | 'PLACEMENT_NO_CELL'
  | 'CELL_NOT_FOUND'
  | 'CELL_IDENTITY_MISMATCH'
  | 'UNSAFE_APP_ROLE'
  | 'MIGRATION_CHECKSUM_MISMATCH'
  | 'MIGRATION_UNKNOWN'
  | 'AUDIT_CHAIN_BROKEN'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL';

export interface ErrorDefinition {
  readonly status: number;
  readonly title: string;
}

/** One entry per code: the HTTP status it maps to and the human title of the problem. */
export function describeError(code: ErrorCode): ErrorDefinition {
  switch (code) {
    case 'VALIDATION_FAILED':
      return { status: 400, title: 'The request is not valid' };
    case 'UNAUTHENTICATED':
      return { status: 401, title: 'Missing or invalid credentials' };
    case 'FORBIDDEN':
      return { status: 403, title: 'This action is not allowed for you' };
    case 'NOT_FOUND':
      return { status: 404, title: 'Not found' };
    case 'ROUTE_NOT_FOUND':
      return { status: 404, title: 'No such route' };
    case 'METHOD_NOT_ALLOWED':
      return { status: 405, title: 'Method not allowed on this route' };
    case 'CONFLICT':
      return { status: 409, title: 'The resource is in a state that does not allow this' };
    case 'DUPLICATE':
      return { status: 409, title: 'A resource with the same unique value already exists' };
    case 'REFERENCE_NOT_FOUND':
      return { status: 422, title: 'A referenced resource does not exist' };
    case 'PRIVILEGE_ESCALATION':
      return { status: 403, title: 'You cannot grant more than you hold' };
    case 'BUSINESS_RULE_VIOLATED':
      return { status: 422, title: 'A business rule refused the request' };
    case 'IDEMPOTENCY_KEY_REUSED':
      return { status: 409, title: 'This idempotency key was used for a different request' };
    case 'LEDGER_UNBALANCED':
      return { status: 422, title: 'The journal entry does not balance' };
    case 'LEDGER_PERIOD_CLOSED':
      return { status: 409, title: 'The ledger period is closed' };
    case 'LEDGER_APPEND_ONLY':
      return { status: 409, title: 'Posted journal entries cannot change; post a reversal' };
    case 'LEDGER_ALREADY_REVERSED':
      return { status: 409, title: 'The journal entry is already reversed' };
    case 'LEDGER_ACCOUNT_INACTIVE':
      return { status: 422, title: 'The account is inactive and takes no postings' };
    case 'FX_RATE_MISSING':
      return { status: 422, title: 'No exchange rate on or before the date' };
    case 'PRACTICE_CYCLE':
      return { status: 422, title: 'A practice cannot be moved under itself or one of its sub-practices' };
    case 'TIMESHEET_LOCKED':
      return { status: 409, title: 'The timesheet is submitted or approved and cannot change' };
    case 'TIME_ENTRY_LOCKED':
      return { status: 409, title: 'The time entry is submitted or approved and cannot change' };
    case 'TIME_PERIOD_CLOSED':
      return { status: 409, title: 'The time period is closed' };
    case 'PAYLOAD_TOO_LARGE':
      return { status: 413, title: 'The request body is too large' };
    case 'UNSUPPORTED_MEDIA_TYPE':
      return { status: 415, title: 'Unsupported content type' };
    case 'RATE_LIMITED':
      return { status: 429, title: 'Too many requests' };
    case 'STATEMENT_TIMEOUT':
      return { status: 503, title: 'The operation took too long and was cancelled' };
    case 'TENANT_CONTEXT_MISSING':
      return { status: 500, title: 'Business data was touched without a tenant context' };
    case 'TENANT_NOT_PLACED':
      return { status: 409, title: 'The tenant has no cell yet' };
    case 'TENANT_NOT_ON_CELL':
      return { status: 500, title: 'The tenant is not placed on this cell' };
    case 'TENANT_NOT_ACTIVE':
      return { status: 403, title: 'The tenant is not active' };
    case 'PLACEMENT_RESIDENCY_VIOLATION':
      return { status: 422, title: "No cell in a region that the tenant's residency allows" };
    case 'PLACEMENT_NO_DEDICATED_CELL':
      return { status: 422, title: 'No free dedicated cell for this tenant' };
    case 'PLACEMENT_KIND_MISMATCH':
      return { status: 422, title: "The cell's kind does not match the tenant's isolation tier" };
    case 'PLACEMENT_CELL_OCCUPIED':
      return { status: 422, title: 'The dedicated cell already holds another tenant' };
    case 'PLACEMENT_NO_CELL':
      return { status: 422, title: 'No active cell fits this tenant' };
    case 'CELL_NOT_FOUND':
      return { status: 404, title: 'No such cell' };
    case 'CELL_IDENTITY_MISMATCH':
      return { status: 500, title: 'The database at this location belongs to another cell' };
    case 'UNSAFE_APP_ROLE':
      return { status: 500, title: 'The application role could bypass row-level security' };
    case 'MIGRATION_CHECKSUM_MISMATCH':
      return { status: 500, title: 'An applied migration was edited' };
    case 'MIGRATION_UNKNOWN':
      return { status: 500, title: 'The database has a migration this build does not know' };
    case 'AUDIT_CHAIN_BROKEN':
      return { status: 409, title: 'The audit chain does not verify' };
    case 'SERVICE_UNAVAILABLE':
      return { status: 503, title: 'Service unavailable' };
    case 'INTERNAL':
      return { status: 500, title: 'Internal error' };
  }
}
