/**
 * Validates UBL documents with the official artefacts kept outside the repository (see
 * ../shared/standards/README.md): the OASIS UBL 2.1 XSD through `xmllint`, and the CEN EN 16931
 * Schematron (compiled to XSLT) through Saxon-HE — one JVM for a whole batch.
 *
 * The folder comes from TESSERA_STANDARDS_DIR; Saxon's jar from TESSERA_SAXON_JAR (default
 * Debian's /usr/share/java/Saxon-HE.jar). `standardsAvailability()` says why validation cannot
 * run here, so tests report themselves skipped with that reason instead of passing vacuously.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface StandardsTools {
  readonly invoiceXsd: string;
  readonly creditNoteXsd: string;
  readonly schematronXslt: string;
  readonly saxonJar: string;
  /** The official EN 16931 example documents, for a self-check of the harness. */
  readonly examplesDir: string;
}

export type Availability =
  | { readonly available: true; readonly tools: StandardsTools; readonly reason: null }
  | { readonly available: false; readonly tools: null; readonly reason: string };

function works(command: string, args: readonly string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

/** Whether the standards folder, java, xmllint and Saxon are all here; if not, why. */
export function standardsAvailability(env: NodeJS.ProcessEnv = process.env): Availability {
  const missing = (reason: string): Availability => ({ available: false, tools: null, reason });
  const dir = env.TESSERA_STANDARDS_DIR;
  if (!dir) return missing('TESSERA_STANDARDS_DIR is not set (see ../shared/standards/README.md)');
  const root = resolve(dir);
  const tools: StandardsTools = {
    invoiceXsd: join(root, 'ubl-2.1/xsd/maindoc/UBL-Invoice-2.1.xsd'),
    creditNoteXsd: join(root, 'ubl-2.1/xsd/maindoc/UBL-CreditNote-2.1.xsd'),
    schematronXslt: join(root, 'en16931/EN16931-UBL-validation.xslt'),
    saxonJar: env.TESSERA_SAXON_JAR ?? '/usr/share/java/Saxon-HE.jar',
    examplesDir: join(root, 'en16931/examples'),
  };
  for (const file of [tools.invoiceXsd, tools.creditNoteXsd, tools.schematronXslt])
    if (!existsSync(file)) return missing(`${file} is missing`);
  if (!existsSync(tools.saxonJar)) return missing(`Saxon-HE is not installed (${tools.saxonJar})`);
  if (!works('xmllint', ['--version'])) return missing('xmllint is not installed (libxml2-utils)');
  if (!works('java', ['-version'])) return missing('java is not installed');
  return { available: true, tools, reason: null };
}

/** One failed Schematron assertion. */
export interface FailedAssert {
  readonly id: string;
  readonly flag: string;
  readonly location: string;
  readonly text: string;
}

export interface ValidationResult {
  /** xmllint's schema errors (empty when the document validates). */
  readonly schemaErrors: readonly string[];
  /** Failed asserts flagged fatal: broken EN 16931 rules. */
  readonly fatal: readonly FailedAssert[];
  /** Failed asserts flagged warning (reported, not failing). */
  readonly warnings: readonly FailedAssert[];
}

const decode = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The failed asserts of an SVRL report. */
export function failedAsserts(svrl: string): FailedAssert[] {
  const asserts: FailedAssert[] = [];
  const pattern = /<svrl:failed-assert((?:\s+[\w:-]+="[^"]*")*)\s*>([\s\S]*?)<\/svrl:failed-assert>/g;
  for (const match of svrl.matchAll(pattern)) {
    const attributes = new Map<string, string>();
    for (const attribute of (match[1] ?? '').matchAll(/([\w:-]+)="([^"]*)"/g))
      attributes.set(attribute[1] ?? '', decode(attribute[2] ?? ''));
    const text = /<svrl:text>([\s\S]*?)<\/svrl:text>/.exec(match[2] ?? '')?.[1] ?? '';
    asserts.push({
      id: attributes.get('id') ?? '',
      flag: attributes.get('flag') ?? '',
      location: attributes.get('location') ?? '',
      text: decode(text).trim(),
    });
  }
  return asserts;
}

const rootOf = (xml: string): 'Invoice' | 'CreditNote' | 'other' => {
  const match = /<(?:[\w-]+:)?(Invoice|CreditNote)[\s>]/.exec(
    xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''),
  );
  return (match?.[1] as 'Invoice' | 'CreditNote' | undefined) ?? 'other';
};

/** xmllint over files of one schema; its errors per file (xmllint exits non-zero when any fails). */
async function schemaErrors(xsd: string, files: readonly string[]): Promise<Map<string, string[]>> {
  const errors = new Map<string, string[]>(files.map((file) => [file, []]));
  if (files.length === 0) return errors;
  let stderr: string;
  try {
    stderr = (await run('xmllint', ['--noout', '--schema', xsd, ...files], { maxBuffer: 64 << 20 })).stderr;
  } catch (error) {
    stderr = (error as { stderr?: string }).stderr ?? String(error);
  }
  let current: string[] | undefined;
  for (const message of stderr.split('\n')) {
    if (message.trim() === '' || / validates$/.test(message)) continue;
    const file = files.find(
      (candidate) => message.startsWith(`${candidate}:`) || message.startsWith(`${candidate} `),
    );
    if (file === undefined) {
      // A parser error's context lines (the source line, a caret) belong to the error above.
      if (current === undefined) throw new Error(`xmllint: ${message}`);
      if (current.length === 0) current.push(message);
      else current[current.length - 1] += `\n${message}`;
      continue;
    }
    current = errors.get(file);
    if (!message.endsWith(' fails to validate')) current?.push(message.slice(file.length + 1));
  }
  for (const [file, list] of errors)
    if (list.length === 0 && stderr.includes(`${file} fails to validate`)) list.push('fails to validate');
  return errors;
}

/**
 * Validates named XML documents: the XSD of each (Invoice or CreditNote, by its root) with
 * xmllint, and the EN 16931 Schematron with ONE Saxon run over the batch's folder.
 */
export async function validateUbl(
  tools: StandardsTools,
  documents: ReadonlyMap<string, string>,
): Promise<Map<string, ValidationResult>> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-ubl-'));
  try {
    const inDir = join(dir, 'in');
    const outDir = join(dir, 'svrl');
    await mkdir(inDir);
    await mkdir(outDir);
    const fileOf = new Map<string, string>();
    let n = 0;
    for (const [name, xml] of documents) {
      const file = join(inDir, `doc-${String(++n).padStart(4, '0')}.xml`);
      fileOf.set(name, file);
      await writeFile(file, xml, 'utf8');
    }
    const byRoot = (root: string) =>
      [...documents].filter(([, xml]) => rootOf(xml) === root).map(([name]) => fileOf.get(name) as string);
    const schema = new Map([
      ...(await schemaErrors(tools.invoiceXsd, byRoot('Invoice'))),
      ...(await schemaErrors(tools.creditNoteXsd, byRoot('CreditNote'))),
    ]);
    for (const file of byRoot('other'))
      schema.set(file, ['the root is neither a UBL Invoice nor a CreditNote']);
    await run(
      'java',
      [
        '-cp',
        tools.saxonJar,
        'net.sf.saxon.Transform',
        `-s:${inDir}`,
        `-xsl:${tools.schematronXslt}`,
        `-o:${outDir}`,
      ],
      { maxBuffer: 64 << 20, timeout: 120_000 },
    );
    const results = new Map<string, ValidationResult>();
    for (const [name, file] of fileOf) {
      const svrl = await readFile(join(outDir, file.slice(inDir.length + 1)), 'utf8');
      const asserts = failedAsserts(svrl);
      results.set(name, {
        schemaErrors: schema.get(file) ?? [],
        fatal: asserts.filter((a) => a.flag === 'fatal'),
        warnings: asserts.filter((a) => a.flag !== 'fatal'),
      });
    }
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A result in one line per problem, for assertion messages. */
export function describeResult(result: ValidationResult): string[] {
  return [
    ...result.schemaErrors.map((error) => `XSD: ${error}`),
    ...result.fatal.map((a) => `${a.id}: ${a.text} at ${a.location}`),
  ];
}
