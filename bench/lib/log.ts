/** Progress for humans goes to stderr, so that stdout carries only the results (or the JSON). */
export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}
