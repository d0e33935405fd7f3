import { describe, expect, it } from 'vitest';
import { mapDatabaseError } from './database-errors.ts';

/** A driver error as pg and PGlite both shape it. */
const driverError = (fields: Record<string, unknown>) =>
  Object.assign(new Error(String(fields.message ?? 'refused')), fields);

describe('schema rule refusals', () => {
  it('name the body field of the column a trigger refused', () => {
    const mapped = mapDatabaseError(
      driverError({
        code: 'TS422',
        hint: 'BUSINESS_RULE_VIOLATED',
        column: 'ends_on',
        message: 'The fee period 2026-06-01 to 2026-06-30 of this contract is billed',
      }),
    );
    expect(mapped).toMatchObject({
      code: 'BUSINESS_RULE_VIOLATED',
      status: 422,
      detail: 'The fee period 2026-06-01 to 2026-06-30 of this contract is billed',
      fieldProblems: [
        {
          path: '/body/endsOn',
          message: 'The fee period 2026-06-01 to 2026-06-30 of this contract is billed',
        },
      ],
    });
  });

  it('list no field when the trigger names no column, and ignore a column that is no identifier', () => {
    expect(mapDatabaseError(driverError({ code: 'TS409', hint: 'CONFLICT' }))).toMatchObject({
      code: 'CONFLICT',
      fieldProblems: [],
    });
    expect(
      mapDatabaseError(driverError({ code: 'TS422', hint: 'BUSINESS_RULE_VIOLATED', column: 'x"; drop' })),
    ).toMatchObject({ fieldProblems: [] });
  });
});
