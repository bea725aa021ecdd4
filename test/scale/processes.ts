// Receivers as separate processes on a database of their own, for the scale test and the
// benchmark: each process runs the CLI (`receiver/main.ts`) on a free port, as it runs in production.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A fresh PostgreSQL database beside the one `serverUrl` names, dropped again by `drop`. */
export interface ScratchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function scratchDatabase(serverUrl: string, prefix = 'flagline_scale'): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A receiver process: its URL once it listens, what it printed, and a way to stop it. */
export interface ReceiverProcess {
  url: string;
  output(): string;
  /** Whether it is still running. */
  running(): boolean;
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx receiver/main.ts` on a free loopback port with the given environment
 * on top of this one, and resolves once it prints the URL it listens on.
 */
export function spawnReceiver(env: Record<string, string>, startTimeoutMs = 180_000): Promise<ReceiverProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'receiver/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, RECEIVER_HOST: '127.0.0.1', RECEIVER_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // Only the last part is kept: a long run must not grow without bound.
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise<ReceiverProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`The receiver did not start within ${startTimeoutMs} ms: ${output}`));
    }, startTimeoutMs);
    const watch = () => {
      const match = /POST (http:\/\/\S+)\/v1\/batches/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', watch);
      resolve({
        url: match[1]!,
        output: () => output,
        running: () => child.exitCode === null && child.signalCode === null,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout.on('data', watch);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The receiver stopped (exit ${code}): ${output}`));
    });
  });
}

/** `count` receivers started at the same moment; when one fails to start, the others are stopped. */
export async function spawnReceivers(count: number, env: Record<string, string>): Promise<ReceiverProcess[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, () => spawnReceiver(env)));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  if (!failed) return running;
  await Promise.all(running.map((r) => r.stop()));
  throw failed.reason;
}
