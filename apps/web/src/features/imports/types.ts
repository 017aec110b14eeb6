// Shapes of the import API: the contract shared with the server.
import type {
  ImportCounts,
  ImportFieldInfo,
  ImportOptionsInput,
  ImportPreviewResponse,
  ImportPreviewRow,
  ImportProgressEvent,
  ImportRecord,
  ImportRowStatus,
  ImportSource,
  ImportStatus,
  ImportUploadResponse,
} from '@flywheel/contracts';

export type { ImportCounts, ImportProgressEvent, ImportRecord, ImportSource, ImportStatus };
export type TargetField = ImportFieldInfo;
export type UploadResult = ImportUploadResponse;
export type ImportOptions = ImportOptionsInput;
export type Dedupe = 'skip' | 'update';
export type PreviewResult = ImportPreviewResponse;
export type PreviewRow = ImportPreviewRow;
export type RowStatus = ImportRowStatus;
