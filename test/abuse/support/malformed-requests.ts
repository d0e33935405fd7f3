import fc from 'fast-check';
import {
  branchesOf,
  conforms,
  exampleOf,
  propertiesOf,
  requiredOf,
  type Schema,
  typesOf,
} from './json-schema.ts';
import { fillPath, type Operation, type Parameter } from './openapi-operations.ts';

/** The body limit of the HTTP kernel (1 MiB, build-http-app.ts). */
export const BODY_LIMIT = 1024 * 1024;

/** Fastify's default `maxParamLength`: longer path parameters are a known bug (see bad-input.test.ts). */
const MAX_PARAM_LENGTH = 100;

/** Stands for a body the server cannot parse. */
export const UNPARSEABLE: unique symbol = Symbol('unparseable');

/** JSON text written as is (invalid tokens, raw bytes), with the value the server sees after parsing. */
export class Raw {
  constructor(
    readonly text: string | Buffer,
    readonly decoded: unknown,
  ) {}
}

/** An object written with these entries in this order, duplicate keys included (the last one wins). */
export class Entries {
  constructor(readonly entries: readonly (readonly [string, unknown])[]) {}
}

/** What the server is expected to answer to a malformed request. */
export interface Expectation {
  readonly status: number;
  /** JSON pointers (`/body/name`, `/params/id`, `/query/limit`) the problem's `errors` must name. */
  readonly pointers: readonly string[] | 'unparseable-body';
}

/** A malformed request, ready for `app.inject`. */
export interface MalformedRequest {
  readonly op: Operation;
  /** What was broken, for statistics and messages: `body:schema`, `path`, `query`, `content-type`… */
  readonly kind: string;
  readonly method: string;
  readonly url: string;
  readonly contentType: string | null;
  readonly payload: Buffer | null;
  readonly expect: Expectation;
}

/** What the generators need to know about the seeded world. */
export interface GenerationContext {
  /** Real ids (of the caller's tenant) for each path parameter of the operation. */
  readonly pathValues: Readonly<Record<string, string>>;
  /** Ids from elsewhere, for mass-assignment attempts. */
  readonly foreignTenantId: string;
  readonly foreignUserId: string;
}

// ---------------------------------------------------------------------------------------------
// Hostile values

/** SQL and other injections, JSON in strings, NUL, traversal, odd Unicode. */
export const INJECTIONS: readonly string[] = [
  "' OR 1=1 --",
  "' OR '1'='1",
  "'; DROP TABLE tenants; --",
  '"; DROP TABLE control.users; --',
  '1; SELECT pg_sleep(10)',
  "' UNION SELECT password_hash FROM control.users --",
  "'); SET row_security = off; --",
  '{"$gt":""}',
  '{"tenantId":"00000000-0000-0000-0000-000000000000"}',
  '[{"id":1}]',
  '\u0000',
  'a\u0000b',
  '\u0000\u0000\u0000',
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2f',
  '/etc/passwd%00.png',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4shell probe, sent as text.
  '${jndi:ldap://abuse.invalid/x}',
  '<script>alert(1)</script>',
  '{{7*7}}',
  'null',
  'undefined',
  'NaN',
  'true',
  '',
  ' ',
  '\t\r\n',
  '\u202e\u0646\u0627',
  'İı',
  '💥🧨',
  '\uFEFF',
  '\\u0000',
];

/** Fields a client must never set: the tenant, identity, ownership, state and timestamps. */
export const MASS_ASSIGNMENT_KEYS: readonly string[] = [
  'tenantId',
  'tenant_id',
  'id',
  'ownerId',
  'owner_id',
  'status',
  'createdAt',
  'created_at',
  'updatedAt',
  'deletedAt',
  'createdBy',
  'isAdmin',
  'admin',
  'role',
  'roles',
  'permissions',
  'clearance',
  'scope',
  'membershipId',
  'userId',
  'partnerId',
  'cellId',
  'grantId',
  'version',
  'seq',
  'hash',
  'constructor',
  '$where',
  'name ',
  'Name',
  'a/b',
  'a~b',
  '\u0000',
];

const QUERY_EXTRA_KEYS: readonly string[] = [
  'limit[]',
  'LIMIT',
  'offset',
  'page',
  'sort',
  'order',
  'filter',
  'include',
  '__proto__',
];

const INVALID_UTF8: readonly Buffer[] = [
  [0xff],
  [0xfe, 0xff],
  [0xc3],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xc0, 0xaf],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x80],
  [0xf4, 0x90, 0x80, 0x80],
].map((bytes) => Buffer.from(bytes));

const WRONG_CONTENT_TYPES: readonly string[] = [
  'text/plain',
  'text/plain; charset=utf-8',
  'text/html',
  'application/xml',
  'text/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=abuse',
  'application/octet-stream',
  'application/jsonx',
  'application/javascript',
  'image/png',
  '',
];

// ---------------------------------------------------------------------------------------------
// Serialization

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Raw);

/** JSON text of a value that may contain Raw pieces and Entries. */
export function serialize(value: unknown): Buffer {
  const chunks: Buffer[] = [];
  let text = '';
  const flush = () => {
    if (text) chunks.push(Buffer.from(text, 'utf8'));
    text = '';
  };
  const walk = (node: unknown): void => {
    if (node instanceof Raw) {
      if (typeof node.text === 'string') text += node.text;
      else {
        flush();
        chunks.push(node.text);
      }
    } else if (node instanceof Entries) {
      text += '{';
      node.entries.forEach(([key, child], index) => {
        text += `${index > 0 ? ',' : ''}${JSON.stringify(key)}:`;
        walk(child);
      });
      text += '}';
    } else if (Array.isArray(node)) {
      text += '[';
      node.forEach((child, index) => {
        if (index > 0) text += ',';
        walk(child);
      });
      text += ']';
    } else if (isRecord(node)) {
      walk(new Entries(Object.entries(node)));
    } else {
      text += JSON.stringify(node);
    }
  };
  walk(value);
  flush();
  return Buffer.concat(chunks);
}

/** The value the server's parser produces from a serialized value, or UNPARSEABLE. */
export function decode(value: unknown): unknown {
  if (value instanceof Raw) return value.decoded;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const child of value) {
      const decoded = decode(child);
      if (decoded === UNPARSEABLE) return UNPARSEABLE;
      out.push(decoded);
    }
    return out;
  }
  const entries = value instanceof Entries ? value.entries : isRecord(value) ? Object.entries(value) : null;
  if (entries === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of entries) {
    const decoded = decode(child);
    if (decoded === UNPARSEABLE) return UNPARSEABLE;
    // The server refuses prototype poisoning as it parses (onProtoPoisoning, onConstructorPoisoning).
    if (
      key === '__proto__' ||
      (key === 'constructor' && isRecord(decoded) && Object.hasOwn(decoded, 'prototype'))
    )
      return UNPARSEABLE;
    Object.defineProperty(out, key, { value: decoded, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Whether a string can be URL-encoded (no lone surrogates). */
const encodable = (text: string): boolean => {
  try {
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
};

/** A JSON pointer one level down. */
export const pointerTo = (pointer: string, key: string | number): string =>
  `${pointer}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;

// ---------------------------------------------------------------------------------------------
// Invalid values for a schema node

interface Mutation {
  readonly value: unknown;
  readonly pointers: readonly string[];
}

const leavesOf = (schema: Schema): Schema[] => {
  const branches = branchesOf(schema);
  return branches.length > 0 ? branches.flatMap(leavesOf) : [schema];
};

const invalidFor = (schema: Schema) => (mutation: Mutation) => {
  const decoded = decode(mutation.value);
  return decoded === UNPARSEABLE || !conforms(schema, decoded);
};

/** Values of another JSON type than the schema allows. */
function wrongType(schema: Schema, ctx: GenerationContext): fc.Arbitrary<unknown> {
  const allowed = typesOf(schema);
  const candidates: unknown[] = [];
  if (!allowed.has('string'))
    candidates.push('text', '', '1', '0', 'true', 'null', '1e308', 'NaN', "' OR 1=1 --", '{"a":1}', '[]');
  if (!allowed.has('number') && !allowed.has('integer')) candidates.push(0, 1, -1, 42, 1e308, -1e308);
  if (!allowed.has('number')) candidates.push(1.5, -0.5, 5e-324);
  if (!allowed.has('boolean')) candidates.push(true, false);
  if (!allowed.has('null')) candidates.push(null);
  if (!allowed.has('array')) candidates.push([], [1], ['a'], [null], [[]], [ctx.foreignTenantId]);
  if (!allowed.has('object')) candidates.push({}, { a: 1 }, { $gt: '' }, { id: ctx.foreignTenantId });
  return fc.constantFrom(...candidates);
}

/** `count` copies of `unit`, at most about `bytes` bytes of UTF-8. */
const repeatToBytes = (unit: string, bytes: number) =>
  unit.repeat(Math.max(1, Math.floor(bytes / Buffer.byteLength(unit, 'utf8'))));

function badString(leaf: Schema, ctx: GenerationContext): fc.Arbitrary<unknown> {
  const options: fc.WeightedArbitrary<unknown>[] = [];
  const max = typeof leaf.maxLength === 'number' ? leaf.maxLength : undefined;
  const min = typeof leaf.minLength === 'number' ? leaf.minLength : 0;
  const constrained = typeof leaf.pattern === 'string' || typeof leaf.format === 'string' || 'enum' in leaf;
  const example = String(exampleOf(leaf, ctx.foreignTenantId));
  // About 1 MB of text: under the body limit, so it reaches validation.
  const huge = fc
    .tuple(
      fc.constantFrom('x', 'é', '€', '💥', "' OR 1=1 --", `${example}-`),
      fc.integer({ min: 900_000, max: 1_000_000 }),
    )
    .map(([unit, bytes]) => repeatToBytes(unit, bytes));
  if (max !== undefined) {
    options.push({
      weight: 4,
      arbitrary: fc
        .tuple(fc.integer({ min: max + 1, max: max + 64 }), fc.constantFrom('x', 'é', '💥', "'", '\u0000'))
        .map(([length, unit]) => unit.repeat(length)),
    });
  }
  if (max !== undefined || constrained) options.push({ weight: 1, arbitrary: huge });
  if (min > 0)
    options.push({ weight: 2, arbitrary: fc.integer({ min: 0, max: min - 1 }).map((n) => 'y'.repeat(n)) });
  if (constrained) {
    options.push({ weight: 4, arbitrary: fc.constantFrom(...INJECTIONS) });
    options.push({
      weight: 3,
      arbitrary: fc.constantFrom(
        `${example} `,
        ` ${example}`,
        `${example}\n`,
        `${example}\u0000`,
        example.toUpperCase(),
        example.toLowerCase(),
        example.slice(0, -1),
        `${example}${example}`,
        `${example}' OR '1'='1`,
        `${example}"`,
        `{${example}}`,
        example.replaceAll('-', '_'),
        example.replace(/[0-9a-f]/, 'g'),
        `${example.slice(0, 8)}-${example.slice(8)}`,
        '2024-13-01',
        '31/01/2024',
        '2024-01-31 noon',
        'user@',
        '@example.test',
        'a b@example.test',
      ),
    });
    options.push({ weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) });
    options.push({
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(example, '', 'abc'), fc.constantFrom(...INVALID_UTF8))
        .map(
          ([prefix, bytes]) =>
            new Raw(
              Buffer.concat([Buffer.from(`"${prefix}`), bytes, Buffer.from('"')]),
              Buffer.concat([Buffer.from(prefix), bytes]).toString('utf8'),
            ),
        ),
    });
  }
  if (options.length === 0) return wrongType(leaf, ctx);
  return fc.oneof(...options);
}

function badNumber(leaf: Schema): fc.Arbitrary<unknown> {
  const min = typeof leaf.minimum === 'number' ? leaf.minimum : undefined;
  const max = typeof leaf.maximum === 'number' ? leaf.maximum : undefined;
  const values: unknown[] = [-1, 0, 1e308, -1e308, 5e-324, 2 ** 63, -(2 ** 63), Number.MAX_VALUE];
  if (min !== undefined) values.push(min - 1, min - 0.5, min - 1e-9);
  if (max !== undefined) values.push(max + 1, max + 0.5, max * 10 + 1);
  if (typesOf(leaf).has('integer') && !typesOf(leaf).has('number')) values.push(1.5, (min ?? 0) + 0.5, 0.1);
  const raw = [
    new Raw('-0', -0),
    new Raw('1e400', Number.POSITIVE_INFINITY),
    new Raw('-1e400', Number.NEGATIVE_INFINITY),
    new Raw('9007199254740993', 9007199254740992),
    new Raw('1e-400', 0),
    new Raw('NaN', UNPARSEABLE),
    new Raw('Infinity', UNPARSEABLE),
    new Raw('-Infinity', UNPARSEABLE),
    new Raw('0x10', UNPARSEABLE),
    new Raw('01', UNPARSEABLE),
    new Raw('+1', UNPARSEABLE),
    new Raw('.5', UNPARSEABLE),
    new Raw('1.', UNPARSEABLE),
    new Raw('1e', UNPARSEABLE),
    new Raw('--1', UNPARSEABLE),
  ];
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...values) },
    { weight: 2, arbitrary: fc.constantFrom(...raw) },
  );
}

function badArray(
  leaf: Schema,
  pointer: string,
  ctx: GenerationContext,
  depth: number,
): fc.Arbitrary<Mutation> {
  const items = (leaf.items as Schema | undefined) ?? {};
  const example = exampleOf(items, ctx.foreignTenantId);
  const itemBytes = serialize(example).length + 1;
  const options: fc.Arbitrary<Mutation>[] = [];
  const at = (value: unknown): Mutation => ({ value, pointers: [pointer] });
  if (typeof leaf.maxItems === 'number') {
    const maxItems = leaf.maxItems;
    options.push(fc.integer({ min: maxItems + 1, max: maxItems + 5 }).map((n) => at(Array(n).fill(example))));
  }
  // Huge arrays, under the body limit: of valid items, and of items of the wrong type (one
  // problem each: the answer must stay small and quick however many there are).
  // (At least 10,000 items when they fit; fewer, as many as fit, when each item is large.)
  const most = Math.floor(900_000 / itemBytes);
  options.push(
    fc
      .tuple(fc.integer({ min: Math.min(10_000, most), max: most }), fc.boolean())
      .map(([n, wrong]) => at(Array(n).fill(wrong ? [{}] : example))),
  );
  if (typeof leaf.minItems === 'number' && leaf.minItems > 0) options.push(fc.constant(at([])));
  if (leaf.uniqueItems === true) options.push(fc.constant(at([example, example])));
  if (depth < 4) {
    options.push(
      fc.integer({ min: 0, max: 2 }).chain((index) =>
        invalidValue(items, pointerTo(pointer, index), ctx, depth + 1).map((bad) => ({
          value: [...Array(index).fill(example), bad.value],
          pointers: bad.pointers,
        })),
      ),
    );
  }
  return fc.oneof(...options);
}

type Patch =
  | {
      readonly kind: 'set';
      readonly key: string;
      readonly value: unknown;
      readonly pointers: readonly string[];
    }
  | { readonly kind: 'delete'; readonly key: string; readonly pointers: readonly string[] }
  | {
      readonly kind: 'duplicate';
      readonly key: string;
      readonly first: unknown;
      readonly value: unknown;
      readonly pointers: readonly string[];
    };

/** A value someone might try to mass-assign. */
function massValue(ctx: GenerationContext): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(
      ctx.foreignTenantId,
      ctx.foreignUserId,
      '00000000-0000-0000-0000-000000000000',
      'active',
      'approved',
      'tenant-admin',
      'restricted',
      '2000-01-01T00:00:00Z',
      true,
      1,
      0,
      null,
      {},
      [],
      ['tenant-admin'],
      { legal_entity: 'all' },
      "' OR 1=1 --",
    ),
    fc.jsonValue({ maxDepth: 2 }),
  );
}

function badObject(
  leaf: Schema,
  pointer: string,
  ctx: GenerationContext,
  depth: number,
): fc.Arbitrary<Mutation> {
  const properties = propertiesOf(leaf);
  const required = new Set(requiredOf(leaf));
  const base = exampleOf(leaf, ctx.foreignTenantId) as Record<string, unknown>;
  const declared = (key: string) => Object.hasOwn(properties, key);
  const slots: { id: string; patch: fc.Arbitrary<Patch> }[] = [];
  for (const [key, schema] of Object.entries(properties)) {
    const at = pointerTo(pointer, key);
    const bad = invalidValue(schema, at, ctx, depth + 1);
    const choices: fc.WeightedArbitrary<Patch>[] = [
      { weight: 5, arbitrary: bad.map((m) => ({ kind: 'set', key, value: m.value, pointers: m.pointers })) },
      {
        weight: 1,
        arbitrary: bad.map((m) => ({
          kind: 'duplicate',
          key,
          first: exampleOf(schema, ctx.foreignTenantId),
          value: m.value,
          pointers: m.pointers,
        })),
      },
    ];
    if (required.has(key))
      choices.push({ weight: 2, arbitrary: fc.constant({ kind: 'delete', key, pointers: [at] }) });
    slots.push({ id: key, patch: fc.oneof(...choices) });
  }
  const unknownKeys = MASS_ASSIGNMENT_KEYS.filter((key) => !declared(key));
  const unknown = (id: string) => ({
    id,
    patch: fc
      .tuple(
        fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...unknownKeys) },
          {
            weight: 1,
            arbitrary: fc.string({ maxLength: 12 }).filter((k) => !declared(k) && k !== '__proto__'),
          },
        ),
        massValue(ctx),
      )
      .map(([key, value]): Patch => ({ kind: 'set', key, value, pointers: [pointerTo(pointer, key)] })),
  });
  slots.push(unknown('+unknown'), unknown('+unknown2'));
  const patched = fc
    .uniqueArray(fc.constantFrom(...slots), {
      minLength: 1,
      maxLength: Math.min(3, slots.length),
      selector: (s) => s.id,
    })
    .chain((chosen) => fc.tuple(...chosen.map((slot) => slot.patch)))
    .map((patches) => applyPatches(base, patches));
  const options: fc.Arbitrary<Mutation>[] = [patched];
  if (typeof leaf.minProperties === 'number' && leaf.minProperties > 0 && required.size === 0)
    options.push(fc.constant({ value: {}, pointers: [pointer] }));
  return options.length === 1
    ? patched
    : fc.oneof(
        { weight: 8, arbitrary: patched },
        { weight: 1, arbitrary: options[1] as fc.Arbitrary<Mutation> },
      );
}

function applyPatches(base: Record<string, unknown>, patches: readonly Patch[]): Mutation {
  const entries: [string, unknown][] = Object.entries(base);
  const tail: [string, unknown][] = [];
  for (const patch of patches) {
    const index = entries.findIndex(([key]) => key === patch.key);
    if (patch.kind === 'delete') {
      if (index >= 0) entries.splice(index, 1);
    } else if (patch.kind === 'set') {
      if (index >= 0) entries[index] = [patch.key, patch.value];
      else tail.push([patch.key, patch.value]);
    } else {
      if (index >= 0) entries[index] = [patch.key, patch.first];
      else entries.push([patch.key, patch.first]);
      tail.push([patch.key, patch.value]);
    }
  }
  const all = [...entries, ...tail];
  return { value: new Entries(all), pointers: patches.flatMap((patch) => patch.pointers) };
}

/** A value `schema` refuses, with the pointers where the server must report it. */
export function invalidValue(
  schema: Schema,
  pointer: string,
  ctx: GenerationContext,
  depth = 0,
): fc.Arbitrary<Mutation> {
  const options: fc.WeightedArbitrary<Mutation>[] = [
    { weight: 3, arbitrary: wrongType(schema, ctx).map((value) => ({ value, pointers: [pointer] })) },
  ];
  for (const leaf of leavesOf(schema)) {
    const types = typesOf(leaf);
    const here = (value: unknown): Mutation => ({ value, pointers: [pointer] });
    if (types.has('string')) options.push({ weight: 4, arbitrary: badString(leaf, ctx).map(here) });
    if (types.has('integer') || types.has('number'))
      options.push({ weight: 3, arbitrary: badNumber(leaf).map(here) });
    if (types.has('array') && depth < 5)
      options.push({ weight: 3, arbitrary: badArray(leaf, pointer, ctx, depth) });
    if (types.has('object') && depth < 5)
      options.push({ weight: 6, arbitrary: badObject(leaf, pointer, ctx, depth) });
  }
  return fc.oneof(...options).filter(invalidFor(schema));
}

// ---------------------------------------------------------------------------------------------
// Query strings and path parameters

/** Whether a query value may pass the server's validator, which coerces text to the schema's types. */
export function queryConforms(schema: Schema, value: string | readonly string[]): boolean {
  if (typeof value !== 'string') return value.length === 1 && queryConforms(schema, value[0] as string);
  const types = typesOf(schema);
  if ((types.has('integer') || types.has('number')) && value !== '' && !Number.isNaN(Number(value))) {
    if (conforms(schema, Number(value))) return true;
  }
  if (types.has('boolean') && (value === 'true' || value === 'false')) return true;
  // A repeatable parameter (`?legalEntityIds=a&legalEntityIds=b`): one value is a list of one.
  if (types.has('array') && conforms(schema, [value])) return true;
  return conforms(schema, value);
}

const QUERY_JUNK: readonly string[] = [
  '',
  ' ',
  '0',
  '-1',
  '201',
  '1000000',
  'abc',
  'NaN',
  'Infinity',
  '-Infinity',
  '1.5',
  '1e308',
  '-0',
  '9'.repeat(40),
  'null',
  'true',
  '[]',
  '{}',
  '[1,2]',
  '%ZZ',
  'REQUESTED',
  'requested ',
  'Legal_Entity',
  '1'.repeat(20),
  'x'.repeat(201),
  'x'.repeat(5000),
  ...INJECTIONS,
];

function uuidNearMisses(real: string): string[] {
  return [
    real.slice(0, -1),
    `${real}0`,
    real.replace(/[0-9a-f]/, 'g'),
    `{${real}}`,
    ` ${real}`,
    `${real} `,
    `${real}\u0000`,
    `${real};DROP TABLE tenants`,
    `${real}/../..`,
    real.replaceAll('-', '_'),
    real.replaceAll('-', '--'),
    `${real.slice(0, 8)}-${real.slice(8)}`,
    '00000000-0000-0000-0000-00000000000',
    '0',
    '-1',
    '1e308',
    'NaN',
    'null',
    'undefined',
    '[]',
    '{}',
    '*',
    '%',
    '..',
  ];
}

function junkFor(schema: Schema, real: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...QUERY_JUNK, ...uuidNearMisses(real)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 1, arbitrary: fc.stringMatching(/^[0-9a-fA-F-]{30,40}$/) },
    { weight: 1, arbitrary: fc.constant(String(exampleOf(schema, real))).map((s) => `${s}x`) },
  );
}

interface QueryPart {
  readonly pairs: readonly (readonly [string, string])[];
  readonly pointers: readonly string[];
}

const queryOf = (pairs: readonly (readonly [string, string])[]) =>
  pairs.length === 0
    ? ''
    : `?${pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&')}`;

function validQuery(params: readonly Parameter[], real: string): [string, string][] {
  return params.filter((p) => p.required).map((p) => [p.name, String(exampleOf(p.schema, real))]);
}

function brokenQuery(params: readonly Parameter[], real: string): fc.Arbitrary<QueryPart> {
  const declared = new Set(params.map((p) => p.name));
  const slots: {
    id: string;
    pairs: fc.Arbitrary<{ pairs: [string, string][]; pointer: string; drop?: string }>;
  }[] = params.map((p) => {
    const single = junkFor(p.schema, real).filter((v) => encodable(v) && !queryConforms(p.schema, v));
    const repeated = fc
      .array(fc.constant(String(exampleOf(p.schema, real))), { minLength: 2, maxLength: 3 })
      .filter((values) => !queryConforms(p.schema, values));
    const options = [
      single.map((v) => ({ pairs: [[p.name, v]] as [string, string][], pointer: `/query/${p.name}` })),
      repeated.map((values) => ({
        pairs: values.map((v): [string, string] => [p.name, v]),
        pointer: `/query/${p.name}`,
      })),
    ];
    if (p.required) options.push(fc.constant({ pairs: [], pointer: `/query/${p.name}`, drop: p.name }));
    return { id: p.name, pairs: fc.oneof(...options) };
  });
  const unknownKeys = [...MASS_ASSIGNMENT_KEYS, ...QUERY_EXTRA_KEYS].filter(
    (key) => !declared.has(key) && encodable(key) && key !== '',
  );
  slots.push({
    id: '+unknown',
    pairs: fc
      .tuple(fc.constantFrom(...unknownKeys), fc.constantFrom('1', 'x', real, "' OR 1=1 --", ''))
      .map(([key, value]) => ({ pairs: [[key, value]], pointer: pointerTo('/query', key) })),
  });
  return fc
    .uniqueArray(fc.constantFrom(...slots), {
      minLength: 1,
      maxLength: Math.min(3, slots.length),
      selector: (s) => s.id,
    })
    .chain((chosen) => fc.tuple(...chosen.map((slot) => slot.pairs)))
    .map((parts) => {
      const broken = new Set(parts.map((part) => part.pointer));
      const base = validQuery(params, real).filter(([name]) => !broken.has(`/query/${name}`));
      return {
        pairs: [...base, ...parts.flatMap((part) => part.pairs)],
        pointers: [...broken],
      };
    });
}

interface PathPart {
  readonly values: Readonly<Record<string, string>>;
  readonly pointers: readonly string[];
}

function brokenPath(params: readonly Parameter[], ctx: GenerationContext): fc.Arbitrary<PathPart> {
  return fc
    .subarray([...params], { minLength: 1 })
    .chain((chosen) =>
      fc.tuple(
        ...chosen.map((p) => {
          const real = ctx.pathValues[p.name] ?? ctx.foreignTenantId;
          return junkFor(p.schema, real)
            .filter(
              (v) =>
                v !== '' &&
                v !== '.' &&
                v !== '..' &&
                encodable(v) &&
                encodeURIComponent(v).length <= MAX_PARAM_LENGTH &&
                !conforms(p.schema, v),
            )
            .map((v) => [p.name, v] as const);
        }),
      ),
    )
    .map((broken) => ({
      values: {
        ...Object.fromEntries(Object.entries(ctx.pathValues).map(([k, v]) => [k, encodeURIComponent(v)])),
        ...Object.fromEntries(broken.map(([name, v]) => [name, encodeURIComponent(v)])),
      },
      pointers: broken.map(([name]) => `/params/${name}`),
    }));
}

// ---------------------------------------------------------------------------------------------
// Bodies that break before validation: syntax, encoding, size, content type

interface BodyPart {
  readonly kind: string;
  readonly payload: Buffer | null;
  readonly contentType: string | null;
  readonly expect: Expectation;
}

const unparseable = (text: string): boolean => {
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
};

function transportBroken(schema: Schema, ctx: GenerationContext): fc.Arbitrary<BodyPart> {
  const valid = serialize(exampleOf(schema, ctx.foreignTenantId));
  const text = valid.toString('utf8');
  const json = 'application/json';
  const parse =
    (kind: string) =>
    (payload: Buffer | string): BodyPart => ({
      kind,
      payload: Buffer.from(payload),
      contentType: json,
      expect: { status: 400, pointers: 'unparseable-body' },
    });
  const syntax = fc
    .oneof(
      fc.integer({ min: 0, max: Math.max(0, text.length - 1) }).map((n) => text.slice(0, n)),
      fc.constantFrom(
        `${text},`,
        `${text}}`,
        `${text} trailing`,
        `[${text}`,
        text.replace(/"/g, "'"),
        text.replace(/"([^"]+)":/g, '$1:'),
        text.replace('{', '{/* comment */'),
        text.replace('{', '{,'),
        text.replace(/}$/, ',}'),
        `${text}\u0000`,
        `{"a":1}{"b":2}`,
        `{"a":"unterminated}`,
        '{"a":"\\x41"}',
        '{"a":"\\u12"}',
        '{"a":\u0001}',
        'undefined',
        "{'a':1}",
        '{"a":NaN}',
        '{"a":Infinity}',
        '{"a":0x10}',
        '{"a":01}',
        '[1,2,]',
        '{"a":1,,"b":2}',
      ),
    )
    .filter(unparseable)
    .map(parse('json-syntax'));
  const poisoned = fc
    .constantFrom('{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"isAdmin":true}}}')
    .map((extra) => (text === '{}' ? extra : `${text.slice(0, -1)},${extra.slice(1)}`))
    .map(parse('prototype-poisoning'));
  const empty = fc.constantFrom('', ' ', '\n\t ').map(parse('empty-json-body'));
  const randomBytes = fc
    .uint8Array({ minLength: 1, maxLength: 64 })
    .map((bytes) => Buffer.from(bytes))
    .map((bytes): BodyPart | null => {
      const decoded = bytes.toString('utf8');
      if (unparseable(decoded)) return parse('random-bytes')(bytes);
      if (conforms(schema, JSON.parse(decoded))) return null;
      return {
        kind: 'random-bytes',
        payload: bytes,
        contentType: json,
        expect: { status: 400, pointers: ['/body'] },
      };
    })
    .filter((part): part is BodyPart => part !== null);
  const invalidUtf8 = fc
    .tuple(fc.constantFrom(...INVALID_UTF8), fc.integer({ min: 0, max: text.length }))
    .map(([bytes, at]) => Buffer.concat([Buffer.from(text.slice(0, at)), bytes, Buffer.from(text.slice(at))]))
    .filter((bytes) => unparseable(bytes.toString('utf8')))
    .map(parse('invalid-utf8-syntax'));
  // No body at all reaches validation as null (the approve and deny bodies allow it).
  const noBody = fc.constant<BodyPart>({
    kind: 'no-body',
    payload: null,
    contentType: null,
    expect: { status: 400, pointers: ['/body'] },
  });
  const wrongContentType = fc.constantFrom(...WRONG_CONTENT_TYPES).map(
    (contentType): BodyPart => ({
      kind: 'content-type',
      payload: valid,
      contentType,
      expect: { status: 415, pointers: [] },
    }),
  );
  const oversized = fc
    .tuple(
      fc.integer({ min: BODY_LIMIT + 1, max: BODY_LIMIT + 256 * 1024 }),
      fc.constantFrom('x', '€', '\\u0000'),
    )
    .map(([bytes, unit]): BodyPart => {
      const filler = repeatToBytes(unit, bytes);
      const payload = Buffer.from(
        `{"padding":"${filler}","more":"${'y'.repeat(Math.max(0, bytes - filler.length))}"}`,
      );
      return { kind: 'oversized', payload, contentType: json, expect: { status: 413, pointers: [] } };
    });
  const deep = fc.integer({ min: 1_000, max: 50_000 }).map((depth): BodyPart => {
    const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const payload = text === '{}' ? `{"tenantId":${nested}}` : `${text.slice(0, -1)},"tenantId":${nested}}`;
    return {
      kind: 'deep-nesting',
      payload: Buffer.from(payload),
      contentType: json,
      expect: { status: 400, pointers: ['/body/tenantId'] },
    };
  });
  return fc.oneof(
    { weight: 3, arbitrary: syntax },
    { weight: 1, arbitrary: poisoned },
    { weight: 1, arbitrary: empty },
    { weight: 1, arbitrary: randomBytes },
    { weight: 2, arbitrary: invalidUtf8 },
    ...(conforms(schema, null) ? [] : [{ weight: 1, arbitrary: noBody }]),
    { weight: 3, arbitrary: wrongContentType },
    { weight: 2, arbitrary: oversized },
    { weight: 1, arbitrary: deep },
  );
}

// ---------------------------------------------------------------------------------------------
// Whole requests

/** Malformed requests for one operation: every request breaks at least one part that has a schema. */
export function malformedRequests(op: Operation, ctx: GenerationContext): fc.Arbitrary<MalformedRequest> {
  const real = ctx.pathValues.id ?? ctx.foreignTenantId;
  const validPath = Object.fromEntries(
    Object.entries(ctx.pathValues).map(([k, v]) => [k, encodeURIComponent(v)]),
  );
  const validBody = op.body === null ? null : serialize(exampleOf(op.body, ctx.foreignTenantId));
  const request = (
    kind: string,
    path: Readonly<Record<string, string>>,
    query: readonly (readonly [string, string])[],
    body: { payload: Buffer | null; contentType: string | null },
    expect: Expectation,
  ): MalformedRequest => {
    const oversized = (body.payload?.length ?? 0) > BODY_LIMIT;
    return {
      op,
      kind: oversized && !kind.startsWith('oversized') ? `${kind}+oversized` : kind,
      method: op.method,
      url: `${fillPath(op.path, path)}${queryOf(query)}`,
      contentType: body.contentType,
      payload: body.payload,
      expect: oversized ? { status: 413, pointers: [] } : expect,
    };
  };
  const validQueryPairs = validQuery(op.queryParams, real);
  const jsonBody = (payload: Buffer | null) => ({
    payload,
    contentType: payload === null ? null : 'application/json',
  });
  const options: fc.WeightedArbitrary<MalformedRequest>[] = [];
  // Another part broken as well, one time in four.
  const maybe = <T>(arbitrary: fc.Arbitrary<T> | null): fc.Arbitrary<T | null> =>
    arbitrary === null
      ? fc.constant(null)
      : fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });
  const pathArb = op.pathParams.length > 0 ? brokenPath(op.pathParams, ctx) : null;
  const queryArb = op.queryParams.length > 0 ? brokenQuery(op.queryParams, real) : null;
  if (op.body !== null) {
    const bodySchema = op.body;
    options.push({
      weight: 10,
      arbitrary: fc
        .tuple(invalidValue(bodySchema, '/body', ctx), maybe(pathArb), maybe(queryArb))
        .map(([body, path, query]) => {
          // An invalid token (NaN, 01, …) somewhere in the body makes all of it unparseable.
          const parsed = decode(body.value) !== UNPARSEABLE;
          return request(
            [parsed ? 'body:schema' : 'body:token', path ? 'path' : '', query ? 'query' : '']
              .filter(Boolean)
              .join('+'),
            path?.values ?? validPath,
            query?.pairs ?? validQueryPairs,
            jsonBody(serialize(body.value)),
            parsed
              ? {
                  status: 400,
                  pointers: [...body.pointers, ...(path?.pointers ?? []), ...(query?.pointers ?? [])],
                }
              : { status: 400, pointers: 'unparseable-body' },
          );
        }),
    });
    options.push({
      weight: 5,
      arbitrary: transportBroken(bodySchema, ctx).map((part) =>
        request(part.kind, validPath, validQueryPairs, part, part.expect),
      ),
    });
  }
  if (pathArb) {
    options.push({
      weight: op.body === null ? 6 : 3,
      arbitrary: fc
        .tuple(pathArb, maybe(queryArb))
        .map(([path, query]) =>
          request(
            query ? 'path+query' : 'path',
            path.values,
            query?.pairs ?? validQueryPairs,
            jsonBody(validBody),
            { status: 400, pointers: [...path.pointers, ...(query?.pointers ?? [])] },
          ),
        ),
    });
  }
  if (queryArb) {
    options.push({
      weight: op.body === null ? 6 : 3,
      arbitrary: queryArb.map((query) =>
        request('query', validPath, query.pairs, jsonBody(validBody), {
          status: 400,
          pointers: query.pointers,
        }),
      ),
    });
  }
  return fc.oneof(...options);
}

/** A short description of a request for failure messages (bodies cut). */
export function describeRequest(request: MalformedRequest): string {
  const body = request.payload === null ? '(no body)' : request.payload.subarray(0, 300).toString('utf8');
  const size = request.payload === null ? '' : ` [${request.payload.length} bytes]`;
  return `${request.method} ${request.url.slice(0, 300)} (${request.kind}; content-type ${JSON.stringify(
    request.contentType,
  )})${size} ${JSON.stringify(body)}`;
}
