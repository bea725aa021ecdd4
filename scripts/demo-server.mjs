#!/usr/bin/env node
/**
 * Dependency-free static file server for the demo pages in test/fixtures/demo/.
 *
 * Used by the browser tests (import { startDemoServer }) and by people trying the extension
 * (node scripts/demo-server.mjs [--port N] [--host H]). Port 0 picks a free port.
 */
import { createReadStream, realpathSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const DEMO_ROOT = fileURLToPath(new URL('../test/fixtures/demo/', import.meta.url));

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const ALLOWED_METHODS = 'GET, HEAD';

/**
 * Maps a raw request target to an absolute file path inside `root`, or returns an HTTP status
 * (400 for malformed or traversing paths). Any `..` segment is rejected, raw or percent-encoded.
 * @param {string} rawUrl
 * @param {string} root absolute root folder, without trailing separator
 * @returns {{ file: string } | { status: number }}
 */
function resolveRequestPath(rawUrl, root) {
  // Parse by hand: new URL() would read "//host/x" as an authority.
  const rawPath = (rawUrl ?? '/').split(/[?#]/, 1)[0] || '/';
  if (!rawPath.startsWith('/')) return { status: 400 };

  let decoded;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { status: 400 };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { status: 400 };

  const segments = decoded.split('/');
  if (segments.some((segment) => segment === '..')) return { status: 400 };

  const relative = segments.filter((segment) => segment !== '' && segment !== '.').join('/');
  const file = path.resolve(root, relative || 'index.html');
  if (file !== root && !file.startsWith(root + path.sep)) return { status: 400 };
  return { file };
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} message
 * @param {boolean} head
 * @param {Record<string, string>} [extraHeaders]
 */
function sendText(res, status, message, head, extraHeaders = {}) {
  const body = `${message}\n`;
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...extraHeaders,
  });
  res.end(head ? undefined : body);
}

/**
 * @param {string} root real path of the served folder
 * @returns {import('node:http').RequestListener}
 */
function createHandler(root) {
  return async (req, res) => {
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      sendText(res, 405, 'Method Not Allowed', false, { Allow: ALLOWED_METHODS });
      return;
    }

    const resolved = resolveRequestPath(req.url ?? '/', root);
    if ('status' in resolved) {
      sendText(res, resolved.status, 'Bad Request', head);
      return;
    }

    try {
      let file = resolved.file;
      let info = await stat(file);
      if (info.isDirectory()) {
        file = path.join(file, 'index.html');
        info = await stat(file);
      }
      // Refuse symlinks that lead outside the served folder.
      const real = await realpath(file);
      if (!real.startsWith(root + path.sep) || !info.isFile()) {
        sendText(res, 404, 'Not Found', head);
        return;
      }

      const type = CONTENT_TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream';
      res.writeHead(200, {
        'Content-Type': type,
        'Content-Length': info.size,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      if (head) {
        res.end();
        return;
      }
      const stream = createReadStream(real);
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    } catch {
      sendText(res, 404, 'Not Found', head);
    }
  };
}

/**
 * Starts the demo server. Resolves once it is listening.
 * @param {{ port?: number, host?: string }} [options]
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 *   `url` is the origin without a trailing slash, e.g. "http://127.0.0.1:5178".
 */
export async function startDemoServer({ port = 5178, host = '127.0.0.1' } = {}) {
  const root = await realpath(DEMO_ROOT);
  const server = createServer(createHandler(root));

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });

  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing;
  const close = () => {
    closing ??= new Promise((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve(undefined)));
      server.closeAllConnections();
    });
    return closing;
  };

  return { url: `http://${urlHost}:${actualPort}`, port: actualPort, close };
}

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ port?: number, host?: string }} */
  const options = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [name, inline] = arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    if (name === '--port' || name === '-p') {
      const value = inline ?? argv[(i += 1)];
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
        throw new Error(`Invalid port: ${value}`);
      }
      options.port = parsed;
    } else if (name === '--host') {
      const value = inline ?? argv[(i += 1)];
      if (!value) throw new Error('Missing value for --host');
      options.host = value;
    } else if (name === '--help' || name === '-h') {
      console.log('Usage: node scripts/demo-server.mjs [--port N] [--host H]');
      process.exit(0);
    } else {
      throw new Error(`Unknown argument: ${arg}`);
    }
  }
  return options;
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    console.error('Usage: node scripts/demo-server.mjs [--port N] [--host H]');
    process.exit(2);
  }

  const { url, close } = await startDemoServer(options);
  console.log(`Flagline demo pages: ${url}/`);

  const stop = (signal) => {
    close().then(
      () => process.exit(0),
      (error) => {
        console.error(`Error while stopping after ${signal}:`, error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// Synchronous on purpose: no top-level await, so the module also loads through require(esm).
function isRunDirectly() {
  if (!process.argv[1]) return false;
  try {
    const self = realpathSync(fileURLToPath(import.meta.url));
    const entry = realpathSync(path.resolve(process.argv[1]));
    return pathToFileURL(self).href === pathToFileURL(entry).href;
  } catch {
    return false;
  }
}

if (isRunDirectly()) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
