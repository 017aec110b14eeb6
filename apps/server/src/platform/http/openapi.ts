import { z } from 'zod';
import type { AnyRoute } from './route.ts';

function toSchema(s: unknown) {
  try {
    return z.toJSONSchema(s as z.ZodType, { io: 'input', unrepresentable: 'any' });
  } catch {
    return {};
  }
}

/** Builds the OpenAPI 3.1 document from the same route table the server registers. */
export function buildOpenApi(routes: AnyRoute[], publicUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [['path', r.params], ['query', r.query]] as const) {
      if (!schema) continue;
      const js = toSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, prop] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: prop });
      }
    }
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: r.tags,
      parameters,
      security: r.auth === 'public' ? [] : r.auth === 'user' ? [{ session: [] }] : [{ session: [] }, { apiKey: [] }],
      responses: {
        [String(r.successStatus ?? 200)]: { description: 'OK', ...(r.response ? { content: { 'application/json': { schema: toSchema(r.response) } } } : {}) },
        '400': { description: 'Validation error with field-level messages', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ...(r.auth === 'public' ? {} : { '401': { description: 'Not signed in' }, '403': { description: 'Not a member / role too low' } }),
      },
    };
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: toSchema(r.body) } } };
    if (r.rawBody) op.requestBody = { required: true, content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } } } };
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Flywheel API', version: '1', description: 'Versioned REST API. Authenticate with the session cookie or `Authorization: Bearer <workspace API key>`.' },
    servers: [{ url: publicUrl }],
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'fw_session' },
        apiKey: { type: 'http', scheme: 'bearer', description: 'Workspace API key (Settings → API keys)' },
      },
      schemas: {
        Error: {
          type: 'object',
          properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, fields: { type: 'object', additionalProperties: { type: 'string' } } } } },
        },
      },
    },
  };
}
