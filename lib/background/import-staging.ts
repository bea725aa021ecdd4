import type { Incident } from '../incident/schema';

/** One log import on its way from a page: the records received so far, in batches. */
interface Staged {
  total: number;
  records: Incident[];
}

/**
 * Imports in progress. The one piece of background state kept in memory: it only lives while a
 * page is sending batches, which keeps the worker awake. When the worker stopped between two
 * batches, the commit finds nothing and the page is told to try again; nothing was written.
 * Only the newest import is kept, so an abandoned one cannot pile up.
 */
const staged = new Map<string, Staged>();

/** Starts an import of `total` records and returns its id. */
export function beginImport(total: number): string {
  staged.clear();
  const id = crypto.randomUUID();
  staged.set(id, { total, records: [] });
  return id;
}

const interrupted = () => new Error('The import was interrupted before it was saved. Import the file again.');

/** Adds a batch; returns how many records the import has received. */
export function addImportBatch(id: string, records: readonly Incident[]): number {
  const entry = staged.get(id);
  if (!entry) throw interrupted();
  if (entry.records.length + records.length > entry.total) {
    staged.delete(id);
    throw new Error('The page sent more records than it announced.');
  }
  entry.records.push(...records);
  return entry.records.length;
}

/** Ends an import: its records, once all announced have arrived. */
export function takeImport(id: string): Incident[] {
  const entry = staged.get(id);
  staged.delete(id);
  if (!entry) throw interrupted();
  if (entry.records.length !== entry.total) {
    throw new Error('Not every record of the file arrived. Import the file again.');
  }
  return entry.records;
}
