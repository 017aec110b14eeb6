import { z } from 'zod';
import { DIAL_MODES, SCRIPT_VARIABLES } from './dialer-constants.ts';

// Settings → Scripts: call scripts (talk tracks) with {FirstName}-style variables, grouped by
// category, one default per dial mode; Settings → Voicemail: voicemail-drop templates recorded in
// the browser and played to the provider by URL when an answering machine picks up.
// Shared by the server (validation + OpenAPI) and the web app (types only).

const hasNoNul = (s: string) => !s.includes('\u0000');
const text = (max: number) => z.string().trim().max(max, `At most ${max} characters.`).refine(hasNoNul, 'Contains an invalid character.');
const name = text(120).min(1, 'Give it a name.');

/** The suggested categories; a team may also use its own word (stored lowercased). */
export const SCRIPT_CATEGORIES = ['opening', 'discovery', 'objection', 'voicemail', 'closing', 'other'] as const;
export type ScriptCategory = (typeof SCRIPT_CATEGORIES)[number];

/** Modes a script can be the default for: the Dialer's modes and the power dialer. */
export const SCRIPT_MODES = [...DIAL_MODES, 'power'] as const;
export type ScriptMode = (typeof SCRIPT_MODES)[number];

export const SCRIPT_BODY_MAX = 20_000;

const category = text(40)
  .min(1, 'Choose a category.')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} &/_-]*$/u, 'Letters, digits, spaces and & / _ - only.')
  .transform((s) => s.toLowerCase());

const modes = z
  .array(z.enum(SCRIPT_MODES, { error: `Use modes from: ${SCRIPT_MODES.join(', ')}.` }))
  .max(SCRIPT_MODES.length)
  .transform((m) => [...new Set(m)]);

/** `{Name}` tokens of a script body, in order of first appearance. */
export function scriptVariablesIn(body: string): string[] {
  return [...new Set([...body.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]))];
}

/** Variables a body uses that the Dialer cannot fill (the server answers 400 naming them). */
export function unknownScriptVariables(body: string): string[] {
  const known = new Set<string>(SCRIPT_VARIABLES);
  return scriptVariablesIn(body).filter((v) => !known.has(v));
}

export const CallScriptSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  category: z.string(),
  body: z.string(),
  defaultForModes: z.array(z.enum(SCRIPT_MODES)),
  active: z.boolean(),
  /** The variables the body uses. */
  variables: z.array(z.string()),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CallScript = z.infer<typeof CallScriptSchema>;

export const CallScriptListQuerySchema = z.object({
  category: text(40).transform((s) => s.toLowerCase()).optional(),
  /** Archived scripts are left out unless asked for. */
  includeArchived: z.enum(['true', 'false'], { error: 'true or false.' }).transform((v) => v === 'true').optional(),
});
export const CallScriptListSchema = z.object({
  data: z.array(CallScriptSchema),
  /** Every category in use (suggested ones first), for the filter and the editor. */
  categories: z.array(z.string()),
  variables: z.array(z.string()),
});
export type CallScriptList = z.infer<typeof CallScriptListSchema>;

export const CallScriptCreateSchema = z.object({
  name,
  category: category.default('other'),
  body: text(SCRIPT_BODY_MAX).min(1, 'Write the script.'),
  defaultForModes: modes.default([]),
  active: z.boolean().default(true),
});
export type CallScriptCreate = z.input<typeof CallScriptCreateSchema>;

export const CallScriptUpdateSchema = z
  .object({
    name: name.optional(),
    category: category.optional(),
    body: text(SCRIPT_BODY_MAX).min(1, 'Write the script.').optional(),
    defaultForModes: modes.optional(),
    active: z.boolean().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'Nothing to change.');
export type CallScriptUpdate = z.input<typeof CallScriptUpdateSchema>;

export const ScriptPreviewQuerySchema = z.object({ leadId: z.uuid({ error: 'Choose a lead (leadId).' }) });
/** Preview a draft (the editor's unsaved text) against a lead. */
export const ScriptDraftPreviewSchema = z.object({
  leadId: z.uuid({ error: 'Choose a lead (leadId).' }),
  body: text(SCRIPT_BODY_MAX),
});
export const ScriptPreviewSchema = z.object({
  /** null for a draft */
  scriptId: z.uuid().nullable(),
  lead: z.object({ id: z.uuid(), name: z.string() }),
  /** The body with the lead's values filled in; unfilled variables stay as {Name}. */
  body: z.string(),
  /** Values each variable got from the lead (null when it has none). */
  values: z.record(z.string(), z.string().nullable()),
  missing: z.array(z.string()),
});
export type ScriptPreview = z.infer<typeof ScriptPreviewSchema>;

// ───────────── voicemail-drop templates ─────────────

export const VOICEMAIL_MIME_TYPES = ['audio/webm', 'audio/ogg', 'audio/wav', 'audio/mpeg'] as const;
export type VoicemailMimeType = (typeof VOICEMAIL_MIME_TYPES)[number];
export const VOICEMAIL_MAX_BYTES = 5 * 1024 * 1024;
export const VOICEMAIL_MAX_MS = 90_000;

export const VoicemailTemplateSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  durationMs: z.number().int(),
  mimeType: z.enum(VOICEMAIL_MIME_TYPES),
  sizeBytes: z.number().int(),
  isDefault: z.boolean(),
  /** Authenticated, for the browser's player. */
  audioUrl: z.string(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
});
export type VoicemailTemplate = z.infer<typeof VoicemailTemplateSchema>;

export const VoicemailTemplateListSchema = z.object({ data: z.array(VoicemailTemplateSchema) });

export const VoicemailTemplateUpdateSchema = z
  .object({ name: name.optional(), isDefault: z.boolean().optional() })
  .refine((b) => b.name !== undefined || b.isDefault !== undefined, 'Nothing to change.');
export type VoicemailTemplateUpdate = z.input<typeof VoicemailTemplateUpdateSchema>;
