/**
 * The operation table, loaded on first use: building its zod schemas is the largest part of this
 * server's own work, and nothing before the first tools/call needs them (the bundle answers
 * tools/list from the listing the build computed; unbundled, the first tools/list loads the table).
 */
import type { Tool as ListedTool } from '@modelcontextprotocol/sdk/types.js';
import type { Operation, Toolset } from '../domain/operation.js';
import { lazy } from '../util/lazy.js';

export interface Catalog {
  operations: readonly Operation[];
  byName: ReadonlyMap<string, Operation>;
  /** What a server with these toolsets offers, in table order; no writes when read-only. */
  offered(toolsets: readonly Toolset[], readOnly: boolean): Operation[];
  /** The advertised list (converted once per process and selection). */
  listing(toolsets: readonly Toolset[], readOnly: boolean): ListedTool[];
}

/** What tools/list answers for a selection: from the build's listing when there is one, else computed. */
export type Listing = (toolsets: readonly Toolset[], readOnly: boolean) => ListedTool[];

export const loadListing: () => Promise<Listing> = lazy(async () => {
  const { BUILT_LISTING } = await import('./built-listing.js');
  if (!BUILT_LISTING) return (await loadCatalog()).listing;
  return (toolsets, readOnly) => BUILT_LISTING.filter((e) => toolsets.includes(e.toolset) && !(readOnly && e.write)).map((e) => e.tool);
});

export const loadCatalog: () => Promise<Catalog> = lazy(async () => {
  const [{ OPERATIONS }, { toolListing }] = await Promise.all([import('../operations/index.js'), import('./listing.js')]);
  const listings = new Map<string, ListedTool[]>();
  const offered = (toolsets: readonly Toolset[], readOnly: boolean): Operation[] =>
    OPERATIONS.filter((op) => toolsets.includes(op.toolset) && !(readOnly && op.kind === 'write'));
  return {
    operations: OPERATIONS,
    byName: new Map(OPERATIONS.map((op) => [op.name, op])),
    offered,
    listing(toolsets, readOnly) {
      const key = `${[...toolsets].sort().join(',')}|${readOnly}`;
      let listing = listings.get(key);
      if (!listing) {
        listing = toolListing(offered(toolsets, readOnly));
        listings.set(key, listing);
      }
      return listing;
    },
  };
});
