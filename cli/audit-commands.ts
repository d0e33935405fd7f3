import type { Command } from 'commander';
import { verifyAuditChain } from '../src/platform/audit/verify-audit-chain.ts';
import { AppError } from '../src/platform/errors/index.ts';
import { systemContext } from '../src/platform/tenancy/tenant-context.ts';
import { CommandFailure } from './cli-errors.ts';
import { printLine } from './cli-output.ts';
import { withTessera } from './with-tessera.ts';

/** Registers `tessera audit …`. */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description("check tenants' audit logs");
  audit
    .command('verify')
    .description("verify a tenant's hash-chained audit log, event by event")
    .requiredOption('--tenant <id|slug>', 'the tenant, by id or slug')
    .addHelpText(
      'after',
      '\nExits 0 when the whole chain verifies, 1 at the first break (its seq and reason).',
    )
    .action((options: { tenant: string }) =>
      withTessera(async (tessera) => {
        const tenant = await tessera.control.findTenant(options.tenant);
        if (!tenant) {
          throw new AppError(
            'NOT_FOUND',
            { tenant: options.tenant },
            { detail: `no tenant with id or slug "${options.tenant}"` },
          );
        }
        const result = await tessera.withTenant(
          systemContext(tenant.id, 'audit-verify'),
          (tx) => verifyAuditChain(tx),
          { readOnly: true },
        );
        if (!result.firstBreak) {
          printLine(`${tenant.name} (${tenant.slug}): verified ${result.eventsChecked} events`);
          return;
        }
        const { seq, reason } = result.firstBreak;
        throw new CommandFailure(
          `the audit chain of ${tenant.name} (${tenant.slug}) breaks at seq ${seq}: ${reason} ` +
            `(${result.eventsChecked} events verified before it)`,
        );
      }),
    );
}
