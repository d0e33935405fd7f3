import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The `tessera` executable of this checkout. */
export const TESSERA_BIN = fileURLToPath(new URL('../bin/tessera.mjs', import.meta.url));

/** What a finished `tessera` process printed and how it ended. */
export interface TesseraRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `node bin/tessera.mjs …` as a real process, with `env` over a quiet environment. */
export function startTessera(
  args: readonly string[],
  env: Record<string, string>,
  cwd?: string,
): ChildProcess {
  const { TESSERA_TEST_PG_URL: _pg, DATABASE_URL: _db, ...inherited } = process.env;
  return spawn(process.execPath, [TESSERA_BIN, ...args], {
    cwd,
    env: { ...inherited, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs `tessera …` to the end and collects its output (for tests). */
export function runTessera(
  args: readonly string[],
  env: Record<string, string>,
  cwd?: string,
): Promise<TesseraRun> {
  const child = startTessera(args, env, cwd);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Resolves with the first match of `pattern` in the process's stdout; rejects if it exits first. */
export function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) resolve(match);
    });
    child.on('exit', (code) =>
      reject(new Error(`tessera exited with ${code} before printing ${pattern}: ${errors}`)),
    );
  });
}
