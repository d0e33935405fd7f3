import { CommanderError } from 'commander';
import { ConfigError } from '../src/platform/config/config.ts';
import { AppError } from '../src/platform/errors/index.ts';

/** A command that ran but reports a failure (a broken audit chain, a name already taken): exit 1. */
export class CommandFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandFailure';
  }
}

/** Exit status for wrong usage or configuration. */
export const EXIT_USAGE = 2;
/** Exit status for any other failure. */
export const EXIT_FAILURE = 1;

/**
 * Prints an error as one `tessera: …` line on stderr (the stack too when DEBUG=1) and returns the
 * exit status: 2 for usage and configuration errors, 1 for the rest, 0 after `--help`/`--version`.
 */
export function reportError(error: unknown, debug: boolean, write = writeStderr): number {
  // Commander has already printed its own message (or the help).
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
  write(`tessera: ${describeError(error)}`);
  if (debug && error instanceof Error && error.stack) write(stackOf(error));
  return error instanceof ConfigError ? EXIT_USAGE : EXIT_FAILURE;
}

/** The one-line description of an error, for people. */
export function describeError(error: unknown): string {
  if (error instanceof AppError) return `${error.detail ?? error.message} (${error.code})`;
  if (error instanceof Error) {
    if (error.message) return error.message;
    // A refused connection to several addresses is an AggregateError with an empty message.
    const inner = (error as { errors?: unknown[] }).errors?.[0];
    if (inner) return describeError(inner);
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : error.name;
  }
  return String(error);
}

function stackOf(error: Error): string {
  let text = error.stack ?? String(error);
  let cause = error.cause;
  while (cause instanceof Error) {
    text += `\nCaused by: ${cause.stack ?? cause.message}`;
    cause = cause.cause;
  }
  return text;
}

function writeStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}
