import { Command } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { registerAuditCommands } from './audit-commands.ts';
import { registerCellsCommands } from './cells-commands.ts';
import { registerMigrateCommand } from './migrate-command.ts';
import { registerServeCommand } from './serve-command.ts';
import { registerTenantsCommands } from './tenants-commands.ts';

const ENVIRONMENT = `
Configuration (environment variables):
  DATABASE_URL                  PostgreSQL of the control plane and default cell (default: embedded PGlite)
  TESSERA_DATA_DIR              folder of the embedded databases (default: ./.tessera)
  HOST, PORT                    where \`serve\` listens (default: 127.0.0.1:3000)
  LOG_LEVEL                     fatal, error, warn, info, debug, trace or silent (default: info)
  TESSERA_CELL_NAME             name of the default cell (default: eu-pool-1)
  TESSERA_CELL_REGION           region of the default cell (default: eu)
  TESSERA_STATEMENT_TIMEOUT_MS  longest statement of a tenant transaction (default: 5000)
  TESSERA_DEMO                  1 to load the demo platform, like \`serve --demo\`
  DEBUG                         1 to print stack traces of errors

Exit status: 0 success, 1 failure, 2 wrong usage or configuration.`;

/** The `tessera` command line: one sub-command per operation, errors left to the caller. */
export function buildProgram(): Command {
  const program = new Command('tessera')
    .description('Tessera: multi-tenant ERP for professional services firms (operations CLI)')
    .version(packageJson.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`tessera: ${text.replace(/^error: /, '')}`) })
    .showHelpAfterError('(see tessera --help)')
    .addHelpText('after', ENVIRONMENT);
  // Sub-commands inherit the settings above, so they must be added after them.
  registerServeCommand(program);
  registerMigrateCommand(program);
  registerCellsCommands(program);
  registerTenantsCommands(program);
  registerAuditCommands(program);
  return program;
}
