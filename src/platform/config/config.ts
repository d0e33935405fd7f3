import { resolve } from 'node:path';

/** Tessera's settings, read once from the environment at start-up. */
export interface TesseraConfig {
  /** PostgreSQL of the control plane and the default cell; null for the embedded PGlite. */
  readonly databaseUrl: string | null;
  /** Where the embedded databases live (TESSERA_DATA_DIR). */
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Cancels any statement of a tenant transaction that runs longer (TESSERA_STATEMENT_TIMEOUT_MS). */
  readonly statementTimeoutMs: number;
  /** Name and region of the cell created in the main database on first start. */
  readonly defaultCellName: string;
  readonly defaultCellRegion: string;
  /** Load the demo platform on first start (TESSERA_DEMO=1). */
  readonly demo: boolean;
}

/** A setting that is present but wrong; start-up stops with its message. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${setting} ${problem}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads and validates the configuration; throws a ConfigError naming the first bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): TesseraConfig {
  const databaseUrl = optional(env, 'DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/[^\s]+$/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// URL');
  }
  const logLevel = optional(env, 'LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const defaultCellName = optional(env, 'TESSERA_CELL_NAME') ?? 'eu-pool-1';
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(defaultCellName)) {
    throw new ConfigError('TESSERA_CELL_NAME', 'must be lower-case letters, digits and dashes');
  }
  const defaultCellRegion = optional(env, 'TESSERA_CELL_REGION') ?? 'eu';
  if (!/^[a-z]{2}(-[a-z0-9]+)*$/.test(defaultCellRegion)) {
    throw new ConfigError('TESSERA_CELL_REGION', 'must be a region code such as eu or us-east');
  }
  return Object.freeze({
    databaseUrl: databaseUrl ?? null,
    dataDir: resolve(cwd, optional(env, 'TESSERA_DATA_DIR') ?? '.tessera'),
    host: optional(env, 'HOST') ?? '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65535),
    logLevel: logLevel as TesseraConfig['logLevel'],
    statementTimeoutMs: integer(env, 'TESSERA_STATEMENT_TIMEOUT_MS', 5000, 1, 600_000),
    defaultCellName,
    defaultCellRegion,
    demo: flag(env, 'TESSERA_DEMO'),
  });
}

function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = optional(env, name);
  if (raw === undefined) return false;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw new ConfigError(name, `must be 1/true/yes or 0/false/no (got "${raw}")`);
}
