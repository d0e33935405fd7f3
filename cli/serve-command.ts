import type { Command } from 'commander';
import { describePlatform, type PlatformSummary } from '../src/demo/describe-platform.ts';
import { DEMO_PASSWORD, PERSONAS, type PersonaMembershipSpec } from '../src/demo/world/world-personas.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { maskLocation, printLine } from './cli-output.ts';

/** Registers `tessera serve`. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('start the HTTP API; stops cleanly on Ctrl-C (SIGINT) or SIGTERM')
    .option('--demo', 'create the demo platform (Meridian Cloud and its firms) on first start')
    .addHelpText('after', '\nListens on HOST:PORT (default 127.0.0.1:3000); PORT=0 picks a free port.')
    .action(async (options: { demo?: boolean }) => {
      const config = loadConfig(process.env);
      const demo = options.demo === true || config.demo;
      // Loaded here, so that the other commands do not load the HTTP stack.
      const { startServer } = await import('../src/server.ts');
      const server = await startServer(config, { demo });
      printLine(`Tessera is running at ${server.url}`);
      printLine(
        server.webApp
          ? `Open ${server.url} in a browser${demo ? ' and sign in as one of the personas below' : ''}.`
          : 'The web app is not built (npm run build:web); the API is served.',
      );
      printLine(`Data folder: ${config.dataDir}`);
      if (config.databaseUrl) printLine(`Control plane database: ${maskLocation(config.databaseUrl)}`);
      if (demo) {
        const summary = await describePlatform(server.tessera);
        if (summary) for (const line of describeDemo(summary)) printLine(line);
      }
      const signal = await nextStopSignal();
      printLine(`Stopping (${signal})…`);
      await server.close();
    });
}

/** Lines summarising the demo platform for the start-up banner. */
export function describeDemo(summary: PlatformSummary): string[] {
  const partners = summary.partners.map((partner) =>
    partner.parent ? `${partner.name} (under ${partner.parent})` : partner.name,
  );
  return [
    `Demo platform: ${summary.platform}`,
    `  partners: ${partners.join(', ')}`,
    `  cells:    ${summary.cells.map((cell) => `${cell.name} (${cell.region}, ${cell.kind})`).join(', ')}`,
    `  brands:   ${summary.brands.map((brand) => `${brand.hostnames.join(' ')} (${brand.productName})`).join(', ')} (same port)`,
    '  tenants:',
    ...summary.tenants.map(
      (tenant) =>
        `    ${tenant.name} (${tenant.slug}) by ${tenant.partner ?? summary.platform} on ${tenant.cell ?? '-'}`,
    ),
    `  personas (password for all: ${DEMO_PASSWORD}; demo only):`,
    ...PERSONAS.map(
      (persona) =>
        `    ${persona.email.padEnd(34)} ${persona.name.padEnd(13)} ${persona.memberships.map(describeMembership).join('; ')}`,
    ),
  ];
}

function describeMembership(membership: PersonaMembershipSpec): string {
  const where = membership.tenant ?? membership.partner ?? 'platform';
  const scope = Object.entries(membership.scope ?? {}).map(
    ([dimension, keys]) => `${dimension}: ${keys.join(', ')}`,
  );
  return `${membership.roles.join(', ')} @ ${where}${scope.length > 0 ? ` (${scope.join('; ')})` : ''}`;
}

/** Resolves at the first SIGINT or SIGTERM; a second one while stopping ends the process at once. */
function nextStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      const force = () => {
        process.stderr.write('tessera: stopped without finishing the shutdown\n');
        process.exit(1);
      };
      process.once('SIGINT', force).once('SIGTERM', force);
      resolve(signal);
    };
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  });
}
