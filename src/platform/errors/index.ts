export { AppError, type FieldProblem, isAppError } from './app-error.ts';
export { describeError, type ErrorCode, type ErrorDefinition } from './error-catalogue.ts';
