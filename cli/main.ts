import { reportError } from './cli-errors.ts';
import { buildProgram } from './program.ts';

/** Runs the CLI on `argv` and returns the exit status. */
async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    return reportError(error, process.env.DEBUG === '1');
  }
}

process.exit(await runCli(process.argv));
