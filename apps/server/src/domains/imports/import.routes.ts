import fs from 'node:fs';
import {
  ImportListResponseSchema, ImportMappingListResponseSchema, ImportPreviewRequestSchema, ImportPreviewResponseSchema, ImportRecordSchema,
  ImportRunRequestSchema, ImportRunResponseSchema, ImportUploadResponseSchema,
} from '@flywheel/contracts';
import { badRequest, notFound } from '../../platform/http/errors.ts';
import { defineRoute, uuidParam, type Principal } from '../../platform/http/route.ts';
import {
  getImport, listImportHistory, listSavedMappings, MAX_UPLOAD_BYTES, previewImport, queueImport, receiveUpload, rejectedReport, uploadError,
} from './import.service.ts';

const actorOf = (p: Principal) => ({ userId: p.userId, label: p.label });

// Imports create and overwrite leads in bulk, so they need the manager role (reps cannot).
export const importRoutes = [
  defineRoute({
    method: 'POST', url: '/api/v1/imports', auth: 'workspace', minRole: 'manager', tags: ['imports'], rawBody: true,
    summary: 'Upload a CSV/XLSX file (multipart field `file`); returns its columns, sample rows and a proposed mapping',
    response: ImportUploadResponseSchema,
    handler: async ({ req, deps, workspace, principal }) => {
      if (!req.isMultipart()) throw badRequest('Upload the file as multipart/form-data in the field "file".', { file: 'Missing file.' });
      const file = await req.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } }).catch((err: unknown) => {
        throw uploadError(err);
      });
      if (!file) throw badRequest('Attach a CSV or Excel file in the field "file".', { file: 'Missing file.' });
      if (file.fieldname !== 'file') {
        file.file.resume(); // drain it, or the request never ends
        throw badRequest('Upload the file in the field "file".', { file: 'Missing file.' });
      }
      return receiveUpload(deps, workspace.id, actorOf(principal), { filename: file.filename, stream: file.file, truncated: () => file.file.truncated });
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/imports/:id/preview', auth: 'workspace', minRole: 'manager', tags: ['imports'],
    summary: 'Dry run over the whole file with this mapping: counts per outcome and the first 50 rows; writes nothing',
    params: uuidParam, body: ImportPreviewRequestSchema, response: ImportPreviewResponseSchema,
    handler: async ({ deps, workspace, principal, params, body }) => previewImport(deps, workspace.id, actorOf(principal), params.id, body),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/imports/:id/run', auth: 'workspace', minRole: 'manager', tags: ['imports'],
    summary: 'Start the import in the background (progress via GET /imports/:id and `import.progress` events)',
    params: uuidParam, body: ImportRunRequestSchema, response: ImportRunResponseSchema, successStatus: 202,
    handler: ({ deps, workspace, principal, params, body }) => queueImport(deps, workspace.id, actorOf(principal), params.id, body),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/imports', auth: 'workspace', minRole: 'manager', tags: ['imports'],
    summary: 'Import history (latest 50)', response: ImportListResponseSchema,
    handler: async ({ deps, workspace }) => ({ data: await listImportHistory(deps, workspace.id) }),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/imports/:id', auth: 'workspace', minRole: 'manager', tags: ['imports'],
    summary: 'Status, progress and counts of one import', params: uuidParam, response: ImportRecordSchema,
    handler: async ({ deps, workspace, params }) => getImport(deps, workspace.id, params.id),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/imports/:id/rejected.csv', auth: 'workspace', minRole: 'manager', tags: ['imports'],
    summary: "The rejected rows with each row's reason, as CSV (404 when no row was rejected)", params: uuidParam,
    handler: async ({ deps, workspace, params, reply }) => {
      const report = await rejectedReport(deps, workspace.id, params.id);
      if (!report) throw notFound('Rejected-rows report');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${report.filename.replace(/[^\w.\- ]/g, '_')}"`)
        .send(fs.createReadStream(report.file));
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/import-mappings', auth: 'workspace', minRole: 'manager', tags: ['imports'],
    summary: 'Saved column mappings, one per source CRM', response: ImportMappingListResponseSchema,
    handler: async ({ deps, workspace }) => ({ data: await listSavedMappings(deps, workspace.id) }),
  }),
];
