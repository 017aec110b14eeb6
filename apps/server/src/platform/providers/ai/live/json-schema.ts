import { z } from 'zod';

type Json = { [k: string]: unknown };

// Keywords some OpenAI-compatible servers refuse in strict mode; the zod parse enforces them anyway.
const DROP = new Set(['$schema', 'format', 'pattern', 'minLength', 'maxLength', 'minItems', 'maxItems', 'exclusiveMinimum', 'exclusiveMaximum', 'default']);

function strictify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictify);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) if (!DROP.has(k)) out[k] = strictify(v);
  if (out.type === 'object' && out.properties && typeof out.properties === 'object') {
    // strict mode: every property required, nothing else allowed (optional fields are nullable instead)
    out.required = Object.keys(out.properties);
    out.additionalProperties = false;
  }
  return out;
}

/**
 * The JSON schema sent as `response_format: { type: 'json_schema', json_schema: { strict: true } }`,
 * generated from the zod schema the answer is parsed with.
 */
export function strictJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return strictify(z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' })) as Record<string, unknown>;
}
