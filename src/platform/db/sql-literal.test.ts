import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/test-databases.ts';
import type { DatabaseHandle } from './database-handle.ts';
import { sqlLiteral } from './sql-literal.ts';

let db: DatabaseHandle & { drop(): Promise<void> };
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe('sqlLiteral', () => {
  it.each([
    'plain',
    "O'Brien",
    "'; DROP TABLE audit_events; --",
    'back\\slash \\x41 \\\\',
    "mixed \\' quote",
    '{"json": "with \\"escapes\\" and \\\\n"}',
    'ünïcödé ✓ 𝄞',
  ])('reads back %j exactly as written', async (value) => {
    const { rows } = await sql<{ v: string }>`SELECT ${sql.raw(sqlLiteral(value))}::text AS v`.execute(db.db);
    expect(rows[0]?.v).toBe(value);
  });

  it('refuses a NUL character', () => {
    expect(() => sqlLiteral('a\0b')).toThrow(/NUL/);
  });
});
