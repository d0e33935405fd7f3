/**
 * Just enough JSON Schema for the abuse suite, read from the published OpenAPI document (not
 * from Tessera's code): a valid example of a schema, and a *permissive* conformance check.
 *
 * `conforms` accepts a superset of what the server's validator accepts (formats are checked
 * loosely), so a value it rejects is certainly invalid: the suite only sends what it rejects.
 */

export type Schema = Readonly<Record<string, unknown>>;

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'array' | 'object';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const branchesOf = (schema: Schema): Schema[] => [
  ...((schema.anyOf as Schema[] | undefined) ?? []),
  ...((schema.oneOf as Schema[] | undefined) ?? []),
];

export const propertiesOf = (schema: Schema): Record<string, Schema> =>
  (schema.properties as Record<string, Schema> | undefined) ?? {};

export const requiredOf = (schema: Schema): string[] => (schema.required as string[] | undefined) ?? [];

/** The JSON types a schema (with its union branches) can accept. */
export function typesOf(schema: Schema): Set<JsonType> {
  const branches = branchesOf(schema);
  if (branches.length > 0) return new Set(branches.flatMap((branch) => [...typesOf(branch)]));
  const declared = schema.type;
  if (typeof declared === 'string') return new Set([declared as JsonType]);
  if (Array.isArray(declared)) return new Set(declared as JsonType[]);
  if ('properties' in schema) return new Set(['object']);
  if ('items' in schema) return new Set(['array']);
  if (Array.isArray(schema.enum)) return new Set((schema.enum as unknown[]).map(jsonTypeOf));
  if ('const' in schema) return new Set([jsonTypeOf(schema.const)]);
  return new Set(['string', 'number', 'integer', 'boolean', 'null', 'array', 'object']);
}

export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  return 'object';
}

// Supersets of what Ajv's formats accept: a value outside them is invalid for certain.
const LOOSE_FORMATS: Readonly<Record<string, RegExp>> = {
  uuid: /^(?:urn:uuid:)?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i,
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}[t\s]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}(?::?\d{2})?)?$/i,
  email: /^[^\s@]+@[^\s@]+$/,
};

/** Length as JSON Schema counts it: in code points. */
export const codePoints = (text: string): number => {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
};

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether `value` may conform to `schema` (a superset of the server's verdict). */
export function conforms(schema: Schema, value: unknown): boolean {
  if (value === undefined) return false;
  const branches = branchesOf(schema);
  if (branches.length > 0 && !branches.some((branch) => conforms(branch, value))) return false;
  if (Array.isArray(schema.enum) && !(schema.enum as unknown[]).some((option) => deepEqual(option, value)))
    return false;
  if ('const' in schema && !deepEqual(schema.const, value)) return false;
  if (schema.type !== undefined) {
    const allowed = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    const actual = jsonTypeOf(value);
    const ok = allowed.some((type) => type === actual || (type === 'number' && actual === 'integer'));
    if (!ok) return false;
  }
  if (typeof value === 'string') {
    const length = codePoints(value);
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) return false;
    if (typeof schema.minLength === 'number' && length < schema.minLength) return false;
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) return false;
    const format = typeof schema.format === 'string' ? LOOSE_FORMATS[schema.format] : undefined;
    if (format && !format.test(value)) return false;
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) return false;
    if (typeof schema.maximum === 'number' && value > schema.maximum) return false;
    if (!Number.isFinite(value)) return false;
  }
  if (Array.isArray(value)) {
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) return false;
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) return false;
    if (schema.uniqueItems === true && new Set(value.map((item) => JSON.stringify(item))).size < value.length)
      return false;
    const items = schema.items;
    if (isRecord(items) && !value.every((item) => conforms(items, item))) return false;
  }
  if (isRecord(value)) {
    const properties = propertiesOf(schema);
    const keys = Object.keys(value);
    if (requiredOf(schema).some((key) => !Object.hasOwn(value, key))) return false;
    if (schema.additionalProperties === false && keys.some((key) => !Object.hasOwn(properties, key)))
      return false;
    if (typeof schema.minProperties === 'number' && keys.length < schema.minProperties) return false;
    for (const key of keys) {
      const property = properties[key];
      if (property && !conforms(property, value[key])) return false;
    }
  }
  return true;
}

// Strings tried, in order, for a `pattern` (the patterns Tessera publishes are simple).
const PATTERN_SAMPLES = [
  'abc',
  'abuse-test',
  'ABC',
  'EUR',
  'GB',
  'eu',
  'read:people',
  'custom:abuse',
  '123',
  'a',
  // A month (the time periods' `:month`).
  '2031-01',
  '2024-01',
  // A VAT rate in percent.
  '20',
  // A VAT exemption reason code (CEF VATEX list).
  'VATEX-EU-O',
  // A brand's host name, colour, logo (a data URL) and support address (https only).
  'abuse.example',
  '#1b2a4a',
  'data:image/png;base64,iVBORw0KGgo=',
  'https://abuse.example/help',
];

/** A small valid value for a schema (valid by `conforms`, and by the server's validator). */
export function exampleOf(schema: Schema, reference = '01900000-0000-7000-8000-000000000001'): unknown {
  const branches = branchesOf(schema);
  if (branches.length > 0) {
    const branch = branches.find((b) => !typesOf(b).has('null') || typesOf(b).size > 1) ?? branches[0];
    return exampleOf(branch as Schema, reference);
  }
  if ('default' in schema) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ('const' in schema) return schema.const;
  const types = typesOf(schema);
  if (types.has('object')) {
    const properties = propertiesOf(schema);
    const chosen = new Set(requiredOf(schema));
    const wanted = typeof schema.minProperties === 'number' ? schema.minProperties : 0;
    for (const key of Object.keys(properties)) if (chosen.size < wanted) chosen.add(key);
    return Object.fromEntries([...chosen].map((key) => [key, exampleOf(properties[key] ?? {}, reference)]));
  }
  if (types.has('array')) {
    const count = typeof schema.minItems === 'number' ? schema.minItems : 0;
    const items = (schema.items as Schema | undefined) ?? {};
    return Array.from({ length: count }, () => exampleOf(items, reference));
  }
  if (types.has('string')) return exampleString(schema, reference);
  if (types.has('integer') || types.has('number')) {
    const min = typeof schema.minimum === 'number' ? schema.minimum : 1;
    return typeof schema.maximum === 'number' ? Math.min(min, schema.maximum) : min;
  }
  if (types.has('boolean')) return false;
  return null;
}

function exampleString(schema: Schema, reference: string): string {
  switch (schema.format) {
    case 'uuid':
      return reference;
    case 'email':
      return 'abuse-suite@example.test';
    case 'date':
      return '2024-01-31';
    case 'date-time':
      return '2024-01-31T12:00:00Z';
  }
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  const candidates =
    typeof schema.pattern === 'string' ? PATTERN_SAMPLES : ['abuse suite value'.padEnd(min, '.')];
  const found = candidates.find((candidate) => conforms(schema, candidate));
  if (found !== undefined) return found;
  throw new Error(`no example string for ${JSON.stringify(schema)} (lengths ${min}..${max})`);
}
