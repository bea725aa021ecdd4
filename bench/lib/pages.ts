// Generated pages of a chosen size, served from memory on loopback addresses for the browser rows.
import { createServer, type Server } from 'node:http';

/** The sentence the benchmark selects and flags: unique on every generated page. */
export const QUOTE = 'The assistant promised a full refund to the wrong customer without any receipt at all.';

const WORDS = 'account renewal contract invoice refund policy customer supplier quarter model review draft'.split(' ');

/**
 * About `bytes` of varied prose in paragraphs, articles and list items, with QUOTE in
 * `<p id="q">` inside `<article id="target">` at 90 % of the page (where a fuzzy search with a
 * position hint still has to look).
 */
export function proseHtml(bytes: number, title = 'Generated page'): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    let sentence = '';
    for (let w = 0; w < 80; w++)
      sentence += `${WORDS[(i * 7 + w * 13) % WORDS.length]}${(i + w) % 9 === 0 ? '. ' : ' '}`;
    const text = `Paragraph ${i}: ${sentence}`;
    size += text.length;
    parts.push(
      i % 10 === 0
        ? `<article id="a${i}"><p>${text}</p></article>`
        : i % 10 === 5
          ? `<ul><li>${text}</li></ul>`
          : `<p>${text}</p>`,
    );
  }
  parts.splice(Math.floor(parts.length * 0.9), 0, `<article id="target"><p id="q">${QUOTE}</p></article>`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${parts.join('')}</body></html>`;
}

export interface PageServer {
  /** `http://HOST:PORT` */
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves `pages` (path → HTML) on `host` (a loopback address), on a free port. The e2e build
 * treats 127.0.0.1 and localhost as enabled sites; 127.0.0.2 is a loopback address it does not.
 */
export async function servePages(pages: Record<string, string>, host = '127.0.0.1'): Promise<PageServer> {
  const server: Server = createServer((request, response) => {
    const html = pages[new URL(request.url ?? '/', 'http://x').pathname];
    if (html === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
