import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import { computeReview, reviewFileName, reviewToJson } from '../../lib/review/compute';
import { reviewCsvFileName, reviewToCsv } from '../../lib/review/csv';
import { parseQuarter, quarterOf } from '../../lib/review/quarter';
import type { Caller } from '../auth';
import { asIncident } from '../db/latest';
import type { Sql } from '../db/sql';
import {
  allRevisions,
  facets,
  incidentFile,
  incidentRevision,
  IncidentQuerySchema,
  latestRecords,
  listIncidents,
  triage,
  TriageActionSchema,
} from '../incidents';

type Env = { Variables: { caller: Caller } };

/** The quarter asked for, else the current one; undefined when the label is malformed. */
function quarterParam(label: string | undefined) {
  return label ? parseQuarter(label) : quarterOf(new Date());
}

/** The team's log read from every device: lists, one record's file, triage, the review, exports. */
export function incidentRoutes(sql: Sql): Hono<Env> {
  const app = new Hono<Env>();

  app.get('/incidents', async (c) => {
    const parsed = IncidentQuerySchema.safeParse(c.req.query());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return c.json({ error: `Invalid query at ${issue?.path.join('.')}: ${issue?.message}` }, 400);
    }
    return c.json(await listIncidents(sql.query, parsed.data));
  });
  app.get('/incidents/facets', async (c) => c.json(await facets(sql.query)));
  app.get('/incidents/:id', async (c) => {
    const file = await incidentFile(sql.query, c.req.param('id'));
    return file ? c.json(file) : c.json({ error: 'No record with that id.' }, 404);
  });
  app.get('/incidents/:id/revisions/:revision', async (c) => {
    const revision = z.coerce.number().int().positive().safeParse(c.req.param('revision'));
    if (!revision.success) return c.json({ error: 'A revision is a positive whole number.' }, 400);
    const record = await incidentRevision(sql.query, c.req.param('id'), revision.data);
    return record ? c.json({ record }) : c.json({ error: 'No such revision.' }, 404);
  });
  app.post('/incidents/:id/triage', async (c) => {
    const action = TriageActionSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!action.success) return c.json({ error: 'Give an owner to assign, an acknowledgement or a note.' }, 400);
    const state = await triage(sql, c.req.param('id'), action.data, c.get('caller').label);
    return state ? c.json(state) : c.json({ error: 'No record with that id.' }, 404);
  });

  /** The review over the latest revision of every record: the extension's own computation. */
  async function review(label: string | undefined) {
    const quarter = quarterParam(label);
    if (!quarter) return undefined;
    const records = [];
    for await (const page of latestRecords(sql.query)) records.push(...page.map(asIncident));
    return { review: computeReview(records, quarter, new Date()), records };
  }
  app.get('/review', async (c) => {
    const result = await review(c.req.query('quarter'));
    if (!result) return c.json({ error: 'A quarter reads like 2026-Q3.' }, 400);
    return c.json({ review: result.review });
  });
  app.get('/review/export', async (c) => {
    const result = await review(c.req.query('quarter'));
    if (!result) return c.json({ error: 'A quarter reads like 2026-Q3.' }, 400);
    const csv = c.req.query('format') === 'csv';
    const flagged = new Map(result.records.map((r) => [r.id, r.evidence.output]));
    const name = csv ? reviewCsvFileName(result.review) : reviewFileName(result.review);
    c.header('Content-Type', csv ? 'text/csv; charset=utf-8' : 'application/json');
    c.header('Content-Disposition', `attachment; filename="${name}"`);
    return c.body(csv ? reviewToCsv(result.review, (id) => flagged.get(id)) : reviewToJson(result.review));
  });

  /**
   * The log as a file, written as it is read so memory stays flat at any size: the latest
   * revision of every record, or every revision with `revisions=all`; JSON or NDJSON.
   */
  app.get('/export', (c) => {
    const ndjson = c.req.query('format') !== 'json';
    const every = c.req.query('revisions') === 'all';
    const stamp = new Date().toISOString().slice(0, 10);
    const name = `flagline-team-${every ? 'revisions' : 'records'}-${stamp}.${ndjson ? 'ndjson' : 'json'}`;
    c.header('Content-Type', ndjson ? 'application/x-ndjson' : 'application/json');
    c.header('Content-Disposition', `attachment; filename="${name}"`);
    return stream(c, async (out) => {
      const pages = every ? allRevisions(sql.query) : latestRecords(sql.query);
      let first = true;
      if (!ndjson) {
        await out.write(
          `{"kind":"flagline-receiver-export","schemaVersion":1,"exportedAt":${JSON.stringify(new Date().toISOString())},` +
            `"revisions":${JSON.stringify(every ? 'all' : 'latest')},"records":[`,
        );
      }
      for await (const page of pages) {
        const text = page.map((record) => JSON.stringify(record));
        if (ndjson) await out.write(text.map((line) => `${line}\n`).join(''));
        else if (text.length) {
          await out.write(`${first ? '\n' : ',\n'}${text.join(',\n')}`);
          first = false;
        }
      }
      if (!ndjson) await out.write('\n]}\n');
    });
  });
  return app;
}
