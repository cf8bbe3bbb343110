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
    outputSchema: jsonSchemaOf(z.object(op.output), 'output') as McpTool['outputSchema'],
    annotations: annotationsOf(op),
  }));
}
