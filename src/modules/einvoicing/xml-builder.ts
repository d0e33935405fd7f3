/**
 * A small XML writer: elements as plain values, serialised with escaping and indentation. Enough
 * for UBL (no mixed content, no namespaces beyond the prefixes the caller writes in names).
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  readonly text: string | null;
}

/** A child list entry: an element, or nothing (an optional element that is absent). */
export type XmlChild = XmlElement | null | undefined | false | readonly XmlChild[];

/** False for what XML 1.0 cannot carry: C0 controls but tab, LF and CR; lone surrogates; U+FFFE/U+FFFF. */
function isXmlChar(code: number): boolean {
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d;
  return !(code >= 0xd800 && code <= 0xdfff) && code !== 0xfffe && code !== 0xffff;
}

/** The text without the characters XML cannot carry (no escape exists for them). */
function xmlChars(text: string): string {
  let out = '';
  // Iterates code points: a surrogate pair arrives whole, a lone surrogate alone.
  for (const char of text) if (isXmlChar(char.codePointAt(0) ?? 0)) out += char;
  return out;
}

/** Text as XML character data: `&`, `<`, `>` (and quotes, for attributes) escaped. */
export function escapeXml(text: string): string {
  return xmlChars(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;');
}

const flatten = (children: readonly XmlChild[]): XmlElement[] =>
  children.flatMap((child): XmlElement[] => {
    if (!child) return [];
    if (Array.isArray(child)) return flatten(child);
    return [child as XmlElement];
  });

/** An element holding other elements (absent ones skipped). */
export function el(name: string, ...children: XmlChild[]): XmlElement {
  return { name, attributes: {}, children: flatten(children), text: null };
}

/** An element holding text, with optional attributes. */
export function leaf(
  name: string,
  text: string,
  attributes: Readonly<Record<string, string>> = {},
): XmlElement {
  return { name, attributes, children: [], text };
}

/** A leaf when the value is present, nothing otherwise. */
export function optionalLeaf(name: string, text: string | null | undefined): XmlElement | null {
  return text === undefined || text === null || text === '' ? null : leaf(name, text);
}

/** An element holding other elements, with attributes on it. */
export function withAttributes(
  element: XmlElement,
  attributes: Readonly<Record<string, string>>,
): XmlElement {
  return { ...element, attributes: { ...element.attributes, ...attributes } };
}

function write(element: XmlElement, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  const attributes = Object.entries(element.attributes)
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join('');
  if (element.text !== null) {
    out.push(`${indent}<${element.name}${attributes}>${escapeXml(element.text)}</${element.name}>`);
  } else if (element.children.length === 0) {
    out.push(`${indent}<${element.name}${attributes}/>`);
  } else {
    out.push(`${indent}<${element.name}${attributes}>`);
    for (const child of element.children) write(child, depth + 1, out);
    out.push(`${indent}</${element.name}>`);
  }
}

/** The document as UTF-8 XML text with a declaration, two-space indented, ending in a newline. */
export function serializeXml(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  write(root, 0, out);
  return `${out.join('\n')}\n`;
}
