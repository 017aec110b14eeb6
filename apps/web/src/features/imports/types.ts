// Shapes of the import API as the web app uses them.
export type ImportSource = 'hubspot' | 'salesforce' | 'close' | 'pipedrive' | 'generic';
export type ImportStatus = 'uploaded' | 'queued' | 'running' | 'done' | 'failed';
export type Dedupe = 'skip' | 'update';

export interface TargetField {
  key: string;
  label: string;
  group: string;
  /** Several columns may feed it (tags, notes). */
  multiple?: boolean;
  /** Identifies a lead (name, email, phone): at least one must be mapped. */
  identity?: boolean;
}

export interface UploadResult {
  importId: string;
  filename: string;
  format: string;
  encoding: string;
  delimiter: string | null;
  headers: string[];
  sampleRows: string[][];
  totalRows: number;
  detectedSource: ImportSource;
  mapping: Record<string, string>;
  fields: TargetField[];
}

export interface ImportOptions {
  dedupe: Dedupe;
  defaultStage?: string;
  ownerId?: string;
  tags?: string[];
}

export interface PreviewRow {
  row: number;
  status: 'create' | 'update' | 'skip' | 'reject';
  reason?: string | null;
  warnings: string[];
  name?: string | null;
  email?: string | null;
  phone?: string | null;
}

export interface Counts {
  create: number;
  update: number;
  skip: number;
  reject: number;
}

export interface PreviewResult {
  counts: Counts;
  rows: PreviewRow[];
}

export interface ImportRecord {
  id: string;
  filename: string;
  source?: ImportSource | null;
  status: ImportStatus;
  processedRows: number;
  totalRows: number;
  imported: number;
  updated: number;
  skipped: number;
  rejected: number;
  error?: string | null;
  hasReport: boolean;
  createdAt?: string;
  finishedAt?: string | null;
}

export interface ImportProgressEvent {
  importId: string;
  processed: number;
  total: number;
  status: ImportStatus;
  counts?: Partial<Counts & { imported: number; updated: number; skipped: number; rejected: number }>;
}
