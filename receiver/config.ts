import { isIPv4, isIPv6 } from 'node:net';

/** The receiver's configuration, read from the environment so no secret sits in a file by default. */
export interface ReceiverConfig {
  host: string;
  port: number;
  tokens: string[];
  signingSecret?: string;
  databaseUrl?: string;
  dataDir: string;
  /** The address people reach the receiver at, for links in notifications; its own URL unless set. */
  publicUrl?: string;
}

/**
 * RECEIVER_HOST (127.0.0.1), RECEIVER_PORT (8787), RECEIVER_TOKENS (comma-separated bearer
 * tokens, each `role:token` with role reporter, reviewer or admin; a bare token is a reporter's), RECEIVER_SIGNING_SECRET (whsec_…), DATABASE_URL (PostgreSQL; else PGlite in
 * RECEIVER_DATA_DIR, default .receiver-data).
 */
export function readConfig(env: Record<string, string | undefined> = process.env): ReceiverConfig {
  return {
    host: env.RECEIVER_HOST || '127.0.0.1',
    port: Number(env.RECEIVER_PORT ?? 8787),
    tokens: (env.RECEIVER_TOKENS ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    signingSecret: env.RECEIVER_SIGNING_SECRET || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.RECEIVER_DATA_DIR || '.receiver-data',
    publicUrl: env.RECEIVER_PUBLIC_URL?.replace(/\/+$/, '') || undefined,
  };
}

/** Whether a listen address is this machine only: 127.0.0.0/8, ::1 (also IPv4-mapped) or localhost. */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  if (name === 'localhost') return true;
  const v4 = name.startsWith('::ffff:') && isIPv4(name.slice(7)) ? name.slice(7) : name;
  if (isIPv4(v4)) return v4.split('.')[0] === '127';
  // ::1 in any spelling (0:0:0:0:0:0:0:1, 0::1); `::` alone means every interface.
  if (isIPv6(name)) return /^(0{0,4}:){2,7}0{0,3}1$/.test(name);
  return false;
}

/**
 * Refuses a configuration that would take records from anyone who can reach the port: listening
 * beyond this machine without bearer tokens. Throws with what to change.
 */
export function checkConfig(config: Pick<ReceiverConfig, 'host' | 'tokens'>): void {
  if (config.tokens.length || isLoopbackHost(config.host)) return;
  throw new Error(
    `Refusing to start: RECEIVER_HOST is ${config.host}, which other machines can reach, and no bearer ` +
      'token is set. Set RECEIVER_TOKENS (comma-separated) or listen on 127.0.0.1.',
  );
}
