import type { Command } from 'commander';
import { loadConfig, type TesseraConfig } from '../src/platform/config/config.ts';
import { type DatabaseHandle, openDatabase } from '../src/platform/db/database-handle.ts';
import { type MigrationOutcome, migrate } from '../src/platform/db/migrations/migrate.ts';
import { mainLocation, openTessera } from '../src/platform/runtime.ts';
import { MAIN_LOCATION } from '../src/platform/tenancy/cell-registry.ts';
import { maskLocation, printLine } from './cli-output.ts';

/** Registers `tessera migrate`. */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending migrations to the control plane and every registered cell')
    .addHelpText(
      'after',
      '\nPrints, per database, the migrations it applied. Tessera also migrates at start-up;\n' +
        'run this to migrate ahead of a deploy or to see what a database holds.',
    )
    .action(async () => {
      const config = loadConfig(process.env);
      for (const line of await migrateEverything(config)) printLine(line);
    });
}

/** Migrates the main database and every cell; returns one line per database saying what it applied. */
export async function migrateEverything(config: TesseraConfig): Promise<string[]> {
  const main = await openDatabase(mainLocation(config), { baseDir: config.dataDir });
  try {
    const control = await migrate(main, 'control');
    const mainCell = await migrate(main, 'cell');
    const outcomes = new Map<string, MigrationOutcome>();
    // Migrate each cell database as it is opened, so that the outcome can be reported;
    // the registry then finds nothing pending.
    const openLocation = async (location: string): Promise<DatabaseHandle> => {
      const database = await openDatabase(location, { baseDir: config.dataDir });
      try {
        const outcome = await migrate(database, 'cell');
        if (!outcomes.has(location)) outcomes.set(location, outcome);
        return database;
      } catch (error) {
        await database.close();
        throw error;
      }
    };
    const tessera = await openTessera(config, { main, openLocation });
    try {
      const lines = [`control plane (${maskLocation(mainLocation(config))}): ${describeOutcome(control)}`];
      for (const cell of await tessera.control.listCells()) {
        const isMain = cell.location === MAIN_LOCATION;
        const where = isMain ? 'main database' : maskLocation(cell.location);
        const outcome = isMain ? mainCell : outcomes.get(cell.location);
        lines.push(
          `cell ${cell.name} (${where}): ${outcome ? describeOutcome(outcome) : `skipped (${cell.status})`}`,
        );
      }
      return lines;
    } finally {
      await tessera.close();
    }
  } finally {
    await main.close();
  }
}

function describeOutcome(outcome: MigrationOutcome): string {
  if (outcome.applied.length === 0) return `up to date (${outcome.alreadyApplied} migrations)`;
  return `applied ${outcome.applied.join(', ')}`;
}
