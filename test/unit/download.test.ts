import { describe, expect, it, vi } from 'vitest';
import { downloadBlob, REVOKE_AFTER_MS } from '../../lib/ui/download';

/** Runs `downloadBlob` with a recorded "later" queue instead of a timer, so no test waits on time. */
function download(blob: Blob, fileName: string) {
  const created = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:flagline/1');
  const revoked = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  const clicks: { href: string; download: string; inDocument: boolean }[] = [];
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicks.push({ href: this.href, download: this.download, inDocument: this.isConnected });
  });
  const queued: (() => void)[] = [];
  downloadBlob(blob, fileName, { doc: document, later: (release) => queued.push(release) });
  return { created, revoked, clicks, queued };
}

describe('downloadBlob', () => {
  it('clicks a download link to the blob, attached to the document while clicked, then removes it', () => {
    const blob = new Blob(['{}'], { type: 'application/json' });
    const { created, clicks } = download(blob, 'flagline-review.json');
    expect(created).toHaveBeenCalledWith(blob);
    expect(clicks).toEqual([{ href: 'blob:flagline/1', download: 'flagline-review.json', inDocument: true }]);
    expect(document.querySelector('a[download]')).toBeNull();
  });

  it('keeps the object URL until the download has had time to start, then revokes it once', () => {
    const { revoked, queued } = download(new Blob(['x']), 'x.txt');
    expect(revoked).not.toHaveBeenCalled();
    expect(queued).toHaveLength(1);
    queued[0]!();
    expect(revoked).toHaveBeenCalledExactlyOnceWith('blob:flagline/1');
  });

  it('waits long enough by default for a slow browser to open the file', () => {
    expect(REVOKE_AFTER_MS).toBeGreaterThanOrEqual(10_000);
  });
});
