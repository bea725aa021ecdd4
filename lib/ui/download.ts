/**
 * How long an object URL outlives the click that downloads it. The click only queues the download:
 * the browser reads the blob URL later, on its own schedule, and a URL revoked before that fails
 * the download ("Failed - No file"). No event says the read has happened, so wait generously, as
 * FileSaver.js does; holding a Blob for 40 s costs nothing but memory.
 */
export const REVOKE_AFTER_MS = 40_000;

/** What `downloadBlob` needs from its page, so tests can pass their own. */
export interface DownloadEnv {
  doc: Document;
  /** Runs `release` once the download has had time to start. */
  later: (release: () => void) => void;
}

const defaultEnv = (): DownloadEnv => ({
  doc: document,
  later: (release) => setTimeout(release, REVOKE_AFTER_MS),
});

/**
 * Saves `blob` as a file named `fileName` through a temporary download link. The link is in the
 * document while it is clicked (Firefox ignores clicks on detached links); the object URL is
 * revoked only later, once the browser has started reading it.
 */
export function downloadBlob(blob: Blob, fileName: string, env: DownloadEnv = defaultEnv()): void {
  const url = URL.createObjectURL(blob);
  const link = env.doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  env.doc.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    env.later(() => URL.revokeObjectURL(url));
  }
}
