import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

/** A Tessera server started as a child process (`node bin/tessera.mjs serve --demo`). */
export interface ServerProcess {
  readonly pid: number;
  readonly url: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly cli: string;
  readonly cwd: string;
  readonly dataDir: string;
  readonly timeoutMs: number;
}

const RUNNING = /Tessera is running at (\S+)/;

/** Starts the server on a free loopback port and resolves once it printed its URL and `/ready` answers 200. */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TESSERA_DATA_DIR: options.dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
  };
  delete env.DATABASE_URL; // the embedded server, whatever the caller's shell says
  const child = spawn(process.execPath, [options.cli, 'serve', '--demo'], {
    cwd: options.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = () => stopChild(child);
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no "Tessera is running at" within ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
      const onData = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-4000);
        const match = RUNNING.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve((match[1] as string).replace(/\/$/, ''));
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${signal ?? code}) before it was ready`));
      });
      child.once('error', reject);
    });
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname)) {
      throw new Error(`the server listens on ${url}, not on loopback: refusing to load it`);
    }
    await waitReady(url, options.timeoutMs);
    return { pid: child.pid as number, url, stop };
  } catch (error) {
    await stop();
    const tail = output.trim().split('\n').slice(-5).join('\n    ');
    throw new Error(`${(error as Error).message}${tail ? `\n    ${tail}` : ''}`);
  }
}

async function waitReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await fetch(`${url}/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`GET /ready still answers ${status || 'nothing'}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** SIGTERM, then SIGKILL after 30 s; resolves once the process is gone. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Resident memory (MB) of a process and all its descendants, from /proc, with each process's share. */
export async function residentMb(
  pid: number,
): Promise<{ rssMb: number; processes: { pid: number; name: string; rssMb: number }[] }> {
  const processes: { pid: number; name: string; rssMb: number }[] = [];
  for (const id of await processTree(pid)) {
    const status = await readFile(`/proc/${id}/status`, 'utf8').catch(() => '');
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
    const name = /^Name:\s+(.*)$/m.exec(status);
    if (rss) processes.push({ pid: id, name: name?.[1] ?? '?', rssMb: Number(rss[1]) / 1024 });
  }
  return { rssMb: processes.reduce((sum, p) => sum + p.rssMb, 0), processes };
}

/** The high-water mark of resident memory (MB) of one process since it started. */
export async function peakResidentMb(pid: number): Promise<number | null> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
  return match ? Number(match[1]) / 1024 : null;
}

async function processTree(pid: number): Promise<number[]> {
  const all = [pid];
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  for (const task of tasks) {
    const children = await readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '');
    for (const child of children.split(/\s+/).filter(Boolean))
      all.push(...(await processTree(Number(child))));
  }
  return all;
}
