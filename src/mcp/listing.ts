/** The advertised tool list, computed once: JSON Schema straight from zod-to-json-schema. */
import { z } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';
import type { Tool as McpTool, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { Operation } from '../domain/operation.js';
import { honestSchema } from './schema-honesty.js';

/** The conversion options (the SDK's, but without $refs), with the corrections of schema-honesty.ts. */
const JSON_SCHEMA_OPTIONS = { strictUnions: true, $refStrategy: 'none', postProcess: honestSchema } as const;

/** JSON Schema of a zod object, without the `$schema` line (it would cost ~50 bytes a schema). */
export function jsonSchemaOf(schema: z.ZodTypeAny, pipeStrategy: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _drop, ...json } = zodToJsonSchema(schema, { ...JSON_SCHEMA_OPTIONS, pipeStrategy }) as Record<string, unknown>;
  return json;
}

/**
 * An output schema without the `additionalProperties` that allow anything (`{}` on records): JSON
 * Schema allows extra properties by default, and saying so on every object costs tools/list budget.
 * Outputs are open at the top as well: a result may carry more than its schema spells out.
 */
function compactOutput(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(compactOutput);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'additionalProperties' && value !== false && (value === true || Object.keys(value as object).length === 0)) continue;
    out[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, compactOutput(v)]))
        : compactOutput(value);
  }
  return out;
}

/** Hints derive from the kind: reads are safe and repeatable; writes change a live call. */
export function annotationsOf(op: Operation): ToolAnnotations {
  if (op.kind === 'read') return { readOnlyHint: true, idempotentHint: true, openWorldHint: true };
  return { readOnlyHint: false, destructiveHint: true, idempotentHint: op.idempotent, openWorldHint: true };
}

export function toolListing(operations: readonly Operation[]): McpTool[] {
  return operations.map((op) => ({
    name: op.name,
    title: op.title,
    description: op.description,
    inputSchema: jsonSchemaOf(op.input, 'input') as McpTool['inputSchema'],
    outputSchema: compactOutput(jsonSchemaOf(z.object(op.output).passthrough(), 'output')) as McpTool['outputSchema'],
    annotations: annotationsOf(op),
  }));
}

/** Every operation's listing with what selects it (toolset, write), for the build (mcp/built-listing.ts). */
export const listingEntries = (operations: readonly Operation[]) =>
  operations.map((op) => ({ toolset: op.toolset, write: op.kind === 'write', tool: toolListing([op])[0] }));
