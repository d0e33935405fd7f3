import type { Schema } from './json-schema.ts';

/** One parameter of an operation, as the OpenAPI document declares it. */
export interface Parameter {
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly name: string;
  readonly required: boolean;
  readonly schema: Schema;
}

/** An operation of the live OpenAPI document that takes input: a body, path parameters or a query. */
export interface Operation {
  readonly method: string;
  /** The OpenAPI path template, `/api/v1/clients/{id}`. */
  readonly path: string;
  /** `GET /api/v1/clients/{id}` */
  readonly key: string;
  readonly permission: string;
  readonly pathParams: readonly Parameter[];
  readonly queryParams: readonly Parameter[];
  /** Header parameters (an Idempotency-Key): sent valid, so that only the malformed part is wrong. */
  readonly headerParams: readonly Parameter[];
  /** The `application/json` body schema, if the operation has a body. */
  readonly body: Schema | null;
}

interface OpenApiDocument {
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
  readonly components?: { readonly schemas?: Record<string, Schema> };
}

interface OpenApiOperation {
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: Schema }> };
  readonly 'x-permission'?: string;
}

const METHODS = new Set(['get', 'put', 'post', 'patch', 'delete']);

/** Inlines `#/components/schemas/…` references (the suite reads schemas without a resolver). */
function inline(node: unknown, components: Record<string, Schema>, seen: string[] = []): unknown {
  if (Array.isArray(node)) return node.map((child) => inline(child, components, seen));
  if (typeof node !== 'object' || node === null) return node;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') {
    const name = ref.replace(/^#\/components\/schemas\//, '');
    const target = components[name];
    if (!target || seen.includes(name)) throw new Error(`cannot inline ${ref}`);
    return inline(target, components, [...seen, name]);
  }
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, inline(value, components, seen)]),
  );
}

/** Every operation of the document that has a request body, path parameters or a query string. */
export function operationsWithInput(document: OpenApiDocument): Operation[] {
  const components = document.components?.schemas ?? {};
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const parameters = (inline(operation.parameters ?? [], components) as Parameter[]).map((p) => ({
        ...p,
        required: p.required === true,
      }));
      // A CSV upload (the time import) is no JSON body: its own tests send it malformed files.
      const { 'text/csv': _csv, ...content } = operation.requestBody?.content ?? {};
      const bodySchema = content['application/json']?.schema;
      const op: Operation = {
        method: method.toUpperCase(),
        path,
        key: `${method.toUpperCase()} ${path}`,
        permission: operation['x-permission'] ?? 'public',
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        headerParams: parameters.filter((p) => p.in === 'header'),
        body: bodySchema === undefined ? null : (inline(bodySchema, components) as Schema),
      };
      if (Object.keys(content).some((type) => type !== 'application/json'))
        throw new Error(`${op.key}: the suite only knows JSON bodies (${Object.keys(content).join(', ')})`);
      if (op.body !== null || op.pathParams.length > 0 || op.queryParams.length > 0) operations.push(op);
    }
  }
  return operations;
}

/** The path of an operation with its parameters filled in (values are URL-encoded by the caller). */
export function fillPath(path: string, values: Readonly<Record<string, string>>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return value;
  });
}
