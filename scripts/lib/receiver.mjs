// Starts the reference receiver (receiver/) as a child process (for `npm start`) and resolves with its URL
// once it listens. Port 8787 first; another free port when that one is taken.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function startOn(port, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'receiver/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, RECEIVER_PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk) => {
      output += chunk;
      const match = output.match(/POST (http:\/\/\S+)\/v1\/batches/);
      if (match) {
        child.stdout.off('data', onData);
        child.stdout.pipe(process.stdout);
        // However npm start ends (a failed build exits at once), the receiver ends with it.
        process.once('exit', () => child.kill('SIGTERM'));
        resolve({ url: match[1], line: output.trim(), child, close: () => child.kill('SIGTERM') });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`The receiver stopped (exit ${code}): ${output.trim()}`)));
  });
}

/** The receiver with the given extra environment (RECEIVER_DATA_DIR, RECEIVER_TOKENS, …). */
export async function spawnReceiver(env = {}) {
  try {
    return await startOn(Number(process.env.RECEIVER_PORT ?? 8787), env);
  } catch {
    return startOn(0, env);
  }
}
