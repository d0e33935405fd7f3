import type { Command } from 'commander';
import { formatTable, printLine } from './cli-output.ts';
import { withTessera } from './with-tessera.ts';

/** Registers `tessera tenants …`. */
export function registerTenantsCommands(program: Command): void {
  const tenants = program.command('tenants').description("list the platform's tenants (firms)");
  tenants
    .command('list')
    .description('list every tenant with its status, isolation tier, home region and cell')
    .action(async () => {
      await withTessera(async (tessera) => {
        const all = await tessera.control.listTenants();
        if (all.length === 0) {
          printLine('No tenants yet.');
          return;
        }
        const cellNames = new Map((await tessera.control.listCells()).map((cell) => [cell.id, cell.name]));
        const rows: string[][] = [];
        for (const tenant of all) {
          const cellId = await tessera.control.placementOf(tenant.id);
          rows.push([
            tenant.name,
            tenant.slug,
            tenant.status,
            tenant.isolationTier,
            tenant.homeRegion,
            cellNames.get(cellId ?? '') ?? '-',
          ]);
        }
        printLine(formatTable(['name', 'slug', 'status', 'tier', 'home region', 'cell'], rows));
      });
    });
}
