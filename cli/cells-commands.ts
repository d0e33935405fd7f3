import { type Command, InvalidArgumentError, Option } from 'commander';
import { sql } from 'kysely';
import { openDatabase } from '../src/platform/db/database-handle.ts';
import type { Tessera } from '../src/platform/runtime.ts';
import type { CellKind } from '../src/platform/tenancy/control-tables.ts';
import { CommandFailure } from './cli-errors.ts';
import { formatTable, maskLocation, printLine } from './cli-output.ts';
import { withTessera } from './with-tessera.ts';

interface AddCellOptions {
  readonly name: string;
  readonly region: string;
  readonly kind: CellKind;
  readonly location: string;
}

/** Registers `tessera cells …`. */
export function registerCellsCommands(program: Command): void {
  const cells = program
    .command('cells')
    .description('list and add cells (the databases holding business data)');
  cells
    .command('list')
    .description('list every cell with its region, kind, status and location')
    .action(() => withTessera(listCells));
  cells
    .command('add')
    .description('register a new cell: records it, then creates, migrates and stamps its database')
    .requiredOption('--name <name>', 'cell name: lower-case letters, digits and dashes', slugOf('name'))
    .requiredOption('--region <region>', 'region code, such as eu or us-east', regionOf)
    .addOption(
      new Option('--kind <kind>', 'pooled (many tenants) or dedicated (one tenant)')
        .choices(['pooled', 'dedicated'])
        .makeOptionMandatory(),
    )
    .requiredOption(
      '--location <location>',
      'postgres://… or pglite:<folder> (relative to TESSERA_DATA_DIR)',
      locationOf,
    )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  tessera cells add --name us-pool-1 --region us --kind pooled --location pglite:cells/us-pool-1\n' +
        '  tessera cells add --name eu-pool-2 --region eu --kind pooled --location postgres://tessera@db2/cell',
    )
    .action((options: AddCellOptions) => withTessera((tessera) => addCell(tessera, options)));
}

async function listCells(tessera: Tessera): Promise<void> {
  const rows = (await tessera.control.listCells()).map((cell) => [
    cell.name,
    cell.region,
    cell.kind,
    cell.status,
    maskLocation(cell.location),
  ]);
  printLine(formatTable(['name', 'region', 'kind', 'status', 'location'], rows));
}

async function addCell(tessera: Tessera, options: AddCellOptions): Promise<void> {
  if (await tessera.control.findCell(options.name)) {
    throw new CommandFailure(`a cell named "${options.name}" already exists`);
  }
  const taken = (await tessera.control.listCells()).find((cell) => cell.location === options.location);
  if (taken)
    throw new CommandFailure(`cell "${taken.name}" already lives at ${maskLocation(options.location)}`);
  if (options.location.startsWith('postgres')) await probe(options.location);
  const cell = await tessera.cells.register(options);
  printLine(
    `Added cell ${cell.name} (${cell.region}, ${cell.kind}) at ${maskLocation(cell.location)}; migrated.`,
  );
}

async function probe(location: string): Promise<void> {
  const database = await openDatabase(location, { poolSize: 1 });
  try {
    await sql`SELECT 1`.execute(database.db);
  } catch (error) {
    throw new CommandFailure(
      `cannot reach ${maskLocation(location)}: ${(error as Error).message || String(error)}`,
    );
  } finally {
    await database.close();
  }
}

function slugOf(what: string): (value: string) => string {
  return (value) => {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(value)) {
      throw new InvalidArgumentError(`the ${what} must be lower-case letters, digits and dashes.`);
    }
    return value;
  };
}

function regionOf(value: string): string {
  if (!/^[a-z]{2}(-[a-z0-9]+)*$/.test(value)) {
    throw new InvalidArgumentError('the region must be a region code such as eu or us-east.');
  }
  return value;
}

function locationOf(value: string): string {
  if (/^postgres(ql)?:\/\/\S+$/.test(value)) return value;
  if (/^pglite:\S+$/.test(value) && value !== 'pglite:memory') return value;
  throw new InvalidArgumentError(
    'use postgres://… or pglite:<folder> (an in-memory cell would lose its data).',
  );
}
