/** The receiver's configuration, read from the environment so no secret sits in a file by default. */
export interface ReceiverConfig {
  host: string;
  port: number;
  tokens: string[];
  signingSecret?: string;
  databaseUrl?: string;
  dataDir: string;
}

/**
 * RECEIVER_HOST (127.0.0.1), RECEIVER_PORT (8787), RECEIVER_TOKENS (comma-separated bearer
 * tokens), RECEIVER_SIGNING_SECRET (whsec_…), DATABASE_URL (PostgreSQL; else PGlite in
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
  };
}
