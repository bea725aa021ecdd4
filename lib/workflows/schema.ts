import { z } from 'zod';

/** Version of the workflow registry's persisted and exported shape. */
export const WORKFLOW_SCHEMA_VERSION = 1;

const line = (label: string, max = 200) =>
  z.string().trim().min(1, `${label} is required`).max(max, `${label} is at most ${max} characters`);

/**
 * A URL pattern: a full URL prefix where `*` matches any run of characters, such as
 * `https://crm.example.com/accounts/*`. Only http(s) patterns are accepted.
 */
export const UrlPatternSchema = z
  .string()
  .trim()
  .max(500)
  .refine((value) => /^(https?|\*):\/\/[^/\s]+(\/\S*)?$/.test(value), {
    message: 'Use a pattern like https://crm.example.com/accounts/*',
  });

/** A workflow registry entry (docs/incident-model.md, "Terms"). */
export const WorkflowSchema = z.object({
  id: z.string().min(1).max(100),
  name: line('Name'),
  owner: line('Accountable owner'),
  fallbackProcess: line('Fallback process', 2_000),
  reviewStandard: z.string().trim().max(2_000).default(''),
  /** Who is told, in order. */
  escalationPath: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
  urlPatterns: z.array(UrlPatternSchema).max(50).default([]),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type Workflow = z.infer<typeof WorkflowSchema>;

/** The registry as exported and imported: a versioned envelope. */
export const RegistryFileSchema = z.object({
  kind: z.literal('flagline-workflows'),
  schemaVersion: z.literal(WORKFLOW_SCHEMA_VERSION),
  exportedAt: z.iso.datetime({ offset: true }),
  workflows: z.array(WorkflowSchema).max(1_000),
});
export type RegistryFile = z.infer<typeof RegistryFileSchema>;
