import { z } from 'zod';
import { AckSchema, BatchSchema, WIRE_SCHEMA_VERSION } from './contract';

/**
 * The wire contract as JSON Schema (draft 2020-12), generated from the Zod schemas so the two
 * cannot drift: `npm run schema:wire` rewrites `receiver/schema/wire-contract.json` and a unit
 * test fails when the file is stale.
 */
export function wireContractJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `Flagline sync wire contract v${WIRE_SCHEMA_VERSION}`,
    $defs: {
      Batch: z.toJSONSchema(BatchSchema, { io: 'input', target: 'draft-2020-12' }),
      Ack: z.toJSONSchema(AckSchema, { io: 'input', target: 'draft-2020-12' }),
    },
  };
}
