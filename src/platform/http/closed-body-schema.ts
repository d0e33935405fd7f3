type SchemaNode = Readonly<Record<string, unknown>>;

const SUBSCHEMA_MAPS = ['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'];
const SUBSCHEMAS = [
  'items',
  'additionalItems',
  'contains',
  'not',
  'if',
  'then',
  'else',
  'additionalProperties',
];

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describesObject(node: SchemaNode): boolean {
  const { type } = node;
  return (
    type === 'object' ||
    (Array.isArray(type) && type.includes('object')) ||
    'properties' in node ||
    'patternProperties' in node
  );
}

function children(node: SchemaNode): [string, unknown][] {
  const found: [string, unknown][] = [];
  for (const key of SUBSCHEMA_MAPS) {
    const map = node[key];
    if (isNode(map)) for (const [name, child] of Object.entries(map)) found.push([`/${key}/${name}`, child]);
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = node[key];
    if (Array.isArray(list))
      found.push(...list.map((child, index): [string, unknown] => [`/${key}/${index}`, child]));
  }
  for (const key of SUBSCHEMAS) found.push([`/${key}`, node[key]]);
  return found;
}

/**
 * The schema pointer (`#/properties/address`) of the first object schema that would accept
 * properties it does not declare, or null when every object sets `additionalProperties: false`.
 */
export function findOpenObjectSchema(schema: unknown, pointer = '#'): string | null {
  if (!isNode(schema)) return null;
  if (describesObject(schema) && schema.additionalProperties !== false) return pointer;
  for (const [suffix, child] of children(schema)) {
    const open = findOpenObjectSchema(child, `${pointer}${suffix}`);
    if (open !== null) return open;
  }
  return null;
}
