import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to the embedded database in ./.tessera on port 3000', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({
      databaseUrl: null,
      dataDir: '/srv/app/.tessera',
      port: 3000,
      statementTimeoutMs: 5000,
    });
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://app@db:5432/tessera' }).databaseUrl).toBe(
      'postgres://app@db:5432/tessera',
    );
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ TESSERA_STATEMENT_TIMEOUT_MS: '0' }, 'TESSERA_STATEMENT_TIMEOUT_MS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ TESSERA_DEMO: 'maybe' }, 'TESSERA_DEMO'],
    [{ TESSERA_CELL_NAME: 'EU Pool' }, 'TESSERA_CELL_NAME'],
  ])('stops on %o with a message naming %s', (env, setting) => {
    expect(() => loadConfig(env)).toThrow(
      expect.objectContaining({ setting, message: expect.stringContaining(setting) }),
    );
  });
});
