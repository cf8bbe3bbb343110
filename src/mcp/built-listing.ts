/**
 * tools/list as scripts/build.mjs computed it from the operation table, when running the bundle:
 * answering from it spares the first tools/list loading the table and converting its zod schemas
 * (~25 ms). Unbundled (the tests) there is none, and catalog.ts computes the listing instead.
 * test/bundle.test.ts checks that the bundle answers exactly what the sources compute.
 */
import type { Tool as ListedTool } from '@modelcontextprotocol/sdk/types.js';
import type { Toolset } from '../domain/operation.js';

/** Set by the build: the JSON of every operation's listing, in table order. */
declare const __ICE_MCP_TOOL_LISTING__: string | undefined;

export interface ListingEntry {
  toolset: Toolset;
  write: boolean;
  tool: ListedTool;
}

export const BUILT_LISTING: readonly ListingEntry[] | undefined =
  typeof __ICE_MCP_TOOL_LISTING__ === 'string' ? (JSON.parse(__ICE_MCP_TOOL_LISTING__) as ListingEntry[]) : undefined;
