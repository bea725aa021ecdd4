import type { FlaglineDb } from '../db';
import {
  RegistryFileSchema,
  WORKFLOW_SCHEMA_VERSION,
  WorkflowSchema,
  type RegistryFile,
  type Workflow,
} from './schema';

/** Validates and saves a workflow (new or edited). */
export async function saveWorkflow(db: FlaglineDb, input: unknown, now = new Date()): Promise<Workflow> {
  const workflow = WorkflowSchema.parse({ ...(input as object), updatedAt: now.toISOString() });
  await db.workflows.put(workflow);
  return workflow;
}

/** Removes a workflow from the registry; records keep the name and owner they were filed under. */
export async function deleteWorkflow(db: FlaglineDb, id: string): Promise<void> {
  await db.workflows.delete(id);
}

/** Every workflow, by name. */
export function listWorkflows(db: FlaglineDb): Promise<Workflow[]> {
  return db.workflows.orderBy('name').toArray();
}

/** The registry as a versioned JSON document. */
export async function exportRegistry(db: FlaglineDb, now = new Date()): Promise<RegistryFile> {
  return {
    kind: 'flagline-workflows',
    schemaVersion: WORKFLOW_SCHEMA_VERSION,
    exportedAt: now.toISOString(),
    workflows: await listWorkflows(db),
  };
}

export type ImportResult = { ok: true; added: number; updated: number } | { ok: false; errors: string[] };

/**
 * Imports a registry file: validated whole, then written in one transaction (all or nothing).
 * Entries with a known id replace the stored one.
 */
export async function importRegistry(db: FlaglineDb, text: string): Promise<ImportResult> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, errors: ['The file is not JSON.'] };
  }
  const parsed = RegistryFileSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.slice(0, 10).map((issue) => `${issue.path.join('.') || 'file'}: ${issue.message}`),
    };
  }
  const { workflows } = parsed.data;
  const seen = new Map<string, number>();
  const duplicates: string[] = [];
  workflows.forEach((workflow, index) => {
    const first = seen.get(workflow.id);
    if (first === undefined) seen.set(workflow.id, index);
    else duplicates.push(`workflows.${index}.id: the same id as workflows.${first} (${workflow.id})`);
  });
  if (duplicates.length > 0) return { ok: false, errors: duplicates.slice(0, 10) };
  let updated = 0;
  await db.transaction('rw', db.workflows, async () => {
    const existing = await db.workflows.bulkGet(workflows.map((w) => w.id));
    updated = existing.filter(Boolean).length;
    await db.workflows.bulkPut(workflows);
  });
  return { ok: true, added: workflows.length - updated, updated };
}
