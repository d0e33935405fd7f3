import { type ParseArgsConfig, parseArgs } from 'node:util';

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly default?: string | boolean;
  readonly help: string;
}

/** Parses `args` against `specs` (long flags only); unknown flags are an error. */
export function parseFlags<S extends Record<string, FlagSpec>>(
  args: readonly string[],
  specs: S,
): Record<keyof S, string | boolean | undefined> {
  const { values } = parseArgs({
    args: [...args],
    options: Object.fromEntries(
      Object.entries(specs).map(([name, spec]) => [
        name,
        spec.default === undefined ? { type: spec.type } : { type: spec.type, default: spec.default },
      ]),
    ) as NonNullable<ParseArgsConfig['options']>,
    strict: true,
    allowPositionals: false,
  });
  return values as Record<keyof S, string | boolean | undefined>;
}

/** A whole number flag within bounds. */
export function wholeNumber(
  value: string | boolean | undefined,
  name: string,
  min: number,
  max: number,
): number {
  const n = Number(String(value).replaceAll('_', ''));
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`--${name} must be a whole number from ${min} to ${max} (got "${value}")`);
  }
  return n;
}

/** One of the allowed words, or a comma-separated subset of them. */
export function choice<T extends string>(
  value: string | boolean | undefined,
  name: string,
  allowed: readonly T[],
): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`--${name} must be one of ${allowed.join(', ')} (got "${value}")`);
}

export function subset<T extends string>(
  value: string | boolean | undefined,
  name: string,
  allowed: readonly T[],
): T[] {
  const items = String(value)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const item of items) choice(item, name, allowed);
  return items as T[];
}

/** The flag reference, one line per flag. */
export function usage(specs: Record<string, FlagSpec>): string {
  return Object.entries(specs)
    .map(([name, spec]) => {
      const flag = spec.type === 'boolean' ? `--${name}` : `--${name} <v>`;
      const fallback =
        spec.default === undefined || spec.type === 'boolean' ? '' : ` (default ${spec.default})`;
      return `  ${flag.padEnd(22)} ${spec.help}${fallback}`;
    })
    .join('\n');
}
