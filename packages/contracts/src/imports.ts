import { z } from 'zod';

// ───────────── sources and target fields ─────────────

export const IMPORT_SOURCES = ['hubspot', 'salesforce', 'close', 'pipedrive', 'generic'] as const;
export const ImportSourceSchema = z.enum(IMPORT_SOURCES, { error: `Use one of: ${IMPORT_SOURCES.join(', ')}.` });
export type ImportSource = z.infer<typeof ImportSourceSchema>;

export const IMPORT_LEAD_FIELDS = [
  'name', 'stage', 'ownerEmail', 'source', 'segment', 'leadType', 'tags', 'value', 'website',
  'address', 'city', 'region', 'postalCode', 'country', 'facts', 'externalId',
] as const;
export const IMPORT_CONTACT_FIELDS = ['firstName', 'lastName', 'fullName', 'title', 'email', 'email2', 'phone', 'mobile', 'phone2'] as const;
export const ImportFieldKeySchema = z.enum([...IMPORT_LEAD_FIELDS, ...IMPORT_CONTACT_FIELDS]);
export type ImportFieldKey = z.infer<typeof ImportFieldKeySchema>;

/** `custom:<key>` keeps any other column as a custom field of the lead. */
export const CUSTOM_FIELD_RE = /^custom:[a-z][a-z0-9_]{0,39}$/;
export const ImportTargetSchema = z.union([z.literal('ignore'), ImportFieldKeySchema, z.string().regex(CUSTOM_FIELD_RE)], {
  error: 'Use a field key, "ignore" or "custom:<key>" (lower-case letters, digits, _).',
});
export type ImportTarget = z.infer<typeof ImportTargetSchema>;

/** Column header (as returned by the upload, made unique) → target. Headers left out are ignored. */
export const ImportMappingSchema = z.record(z.string(), ImportTargetSchema);
export type ImportMapping = z.infer<typeof ImportMappingSchema>;

export interface ImportFieldInfo {
  key: ImportFieldKey;
  label: string;
  group: 'lead' | 'contact';
  /** Several columns may map to it (their values are combined). */
  multiple: boolean;
}

export const IMPORT_FIELDS: ImportFieldInfo[] = [
  { key: 'name', label: 'Company / account name', group: 'lead', multiple: false },
  { key: 'stage', label: 'Stage', group: 'lead', multiple: false },
  { key: 'ownerEmail', label: 'Owner (email or name)', group: 'lead', multiple: false },
  { key: 'source', label: 'Lead source', group: 'lead', multiple: false },
  { key: 'segment', label: 'Segment / industry', group: 'lead', multiple: false },
  { key: 'leadType', label: 'Lead type', group: 'lead', multiple: false },
  { key: 'tags', label: 'Tags (split on , ; |)', group: 'lead', multiple: true },
  { key: 'value', label: 'Value', group: 'lead', multiple: false },
  { key: 'website', label: 'Website', group: 'lead', multiple: false },
  { key: 'address', label: 'Street address', group: 'lead', multiple: false },
  { key: 'city', label: 'City', group: 'lead', multiple: false },
  { key: 'region', label: 'State / region', group: 'lead', multiple: false },
  { key: 'postalCode', label: 'Postal code', group: 'lead', multiple: false },
  { key: 'country', label: 'Country', group: 'lead', multiple: false },
  { key: 'facts', label: 'Account facts / notes', group: 'lead', multiple: true },
  { key: 'externalId', label: 'External ID (from the other CRM)', group: 'lead', multiple: false },
  { key: 'firstName', label: 'First name', group: 'contact', multiple: false },
  { key: 'lastName', label: 'Last name', group: 'contact', multiple: false },
  { key: 'fullName', label: 'Full name (split into first/last)', group: 'contact', multiple: false },
  { key: 'title', label: 'Job title', group: 'contact', multiple: false },
  { key: 'email', label: 'Email', group: 'contact', multiple: true },
  { key: 'email2', label: 'Second email', group: 'contact', multiple: true },
  { key: 'phone', label: 'Phone', group: 'contact', multiple: true },
  { key: 'mobile', label: 'Mobile phone', group: 'contact', multiple: true },
  { key: 'phone2', label: 'Other phone', group: 'contact', multiple: true },
];

// ───────────── requests ─────────────

export const DEDUPE_MODES = ['skip', 'update'] as const;
export const ImportOptionsSchema = z.object({
  /** Rows matching an existing contact by email or phone: leave the record alone, or fill/overwrite its fields. */
  dedupe: z.enum(DEDUPE_MODES, { error: 'Use "skip" or "update".' }).default('skip'),
  /** Pipeline stage key for rows without a (recognised) stage; default: the first open stage. */
  defaultStage: z.string().trim().min(1).max(100).optional(),
  /** Owner for rows without a (recognised) owner. */
  ownerId: z.uuid({ error: 'A member id.' }).optional(),
  /** Added to every imported lead. */
  tags: z.array(z.string().trim().min(1, 'Empty tag.').max(50, 'At most 50 characters.')).max(20, 'At most 20 tags.').default([]),
});
export type ImportOptions = z.infer<typeof ImportOptionsSchema>;
export type ImportOptionsInput = z.input<typeof ImportOptionsSchema>;

export const ImportPreviewRequestSchema = z.object({
  mapping: ImportMappingSchema,
  options: ImportOptionsSchema.default({ dedupe: 'skip', tags: [] }),
});
export type ImportPreviewRequest = z.input<typeof ImportPreviewRequestSchema>;

export const ImportRunRequestSchema = ImportPreviewRequestSchema.extend({
  /** Remember this mapping for the next file from the same source. */
  saveMapping: z.boolean().default(false),
});
export type ImportRunRequest = z.input<typeof ImportRunRequestSchema>;

// ───────────── responses ─────────────

export const ImportFormatSchema = z.enum(['csv', 'xlsx']);
export const ImportFieldInfoSchema = z.object({ key: ImportFieldKeySchema, label: z.string(), group: z.enum(['lead', 'contact']), multiple: z.boolean() });

export const ImportUploadResponseSchema = z.object({
  importId: z.uuid(),
  filename: z.string(),
  format: ImportFormatSchema,
  /** utf-8, utf-8-bom, utf-16le, utf-16be or windows-1252; null for .xlsx. */
  encoding: z.string().nullable(),
  /** , ; \t or |; null for .xlsx. */
  delimiter: z.string().nullable(),
  headers: z.array(z.string()),
  /** First 20 data rows, cells aligned with headers. */
  sampleRows: z.array(z.array(z.string())),
  /** Non-empty data rows. */
  totalRows: z.number().int(),
  detectedSource: ImportSourceSchema,
  mapping: ImportMappingSchema,
  /** saved = the workspace's saved mapping for this source (plus auto-detection for new columns). */
  mappingOrigin: z.enum(['saved', 'auto']),
  fields: z.array(ImportFieldInfoSchema),
});
export type ImportUploadResponse = z.infer<typeof ImportUploadResponseSchema>;

export const ImportRowStatusSchema = z.enum(['create', 'update', 'skip', 'reject']);
export type ImportRowStatus = z.infer<typeof ImportRowStatusSchema>;

export const ImportPreviewRowSchema = z.object({
  /** Row number as a spreadsheet shows it (the header is row 1). */
  row: z.number().int(),
  status: ImportRowStatusSchema,
  reason: z.string().nullable(),
  warnings: z.array(z.string()),
  /** The lead's name. */
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});
export type ImportPreviewRow = z.infer<typeof ImportPreviewRowSchema>;

export const ImportPreviewCountsSchema = z.object({ create: z.number().int(), update: z.number().int(), skip: z.number().int(), reject: z.number().int() });
export const ImportPreviewResponseSchema = z.object({
  totalRows: z.number().int(),
  counts: ImportPreviewCountsSchema,
  /** The first 50 rows. */
  rows: z.array(ImportPreviewRowSchema),
});
export type ImportPreviewResponse = z.infer<typeof ImportPreviewResponseSchema>;

export const ImportStatusSchema = z.enum(['uploaded', 'queued', 'running', 'done', 'failed']);
export type ImportStatus = z.infer<typeof ImportStatusSchema>;

export const ImportCountsSchema = z.object({ imported: z.number().int(), updated: z.number().int(), skipped: z.number().int(), rejected: z.number().int() });
export type ImportCounts = z.infer<typeof ImportCountsSchema>;

export const ImportRunResponseSchema = z.object({ importId: z.uuid(), status: z.literal('queued') });

export const ImportRecordSchema = ImportCountsSchema.extend({
  id: z.uuid(),
  filename: z.string(),
  source: ImportSourceSchema,
  status: ImportStatusSchema,
  userId: z.uuid().nullable(),
  totalRows: z.number().int(),
  processedRows: z.number().int(),
  /** 0…1 */
  progress: z.number(),
  error: z.string().nullable(),
  hasReport: z.boolean(),
  reportUrl: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type ImportRecord = z.infer<typeof ImportRecordSchema>;
export const ImportListResponseSchema = z.object({ data: z.array(ImportRecordSchema) });

export const ImportMappingListResponseSchema = z.object({
  data: z.array(z.object({ source: ImportSourceSchema, mapping: ImportMappingSchema, updatedAt: z.string() })),
});

/** Realtime event `import.progress`, published after every batch and at the end. */
export const ImportProgressEventSchema = z.object({
  importId: z.uuid(),
  processed: z.number().int(),
  total: z.number().int(),
  status: ImportStatusSchema,
  counts: ImportCountsSchema,
});
export type ImportProgressEvent = z.infer<typeof ImportProgressEventSchema>;
