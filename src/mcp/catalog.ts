/**
 * The operation table, loaded on first use. Building its zod schemas is most of this server's own
 * start-up work, and nothing before the first tools/list or tools/call needs them.
 */
import type { Tool as ListedTool } from '@modelcontextprotocol/sdk/types.js';
import type { Operation } from '../domain/operation.js';

export interface Catalog {
  operations: readonly Operation[];
  byName: ReadonlyMap<string, Operation>;
  /** The advertised list (converted once per process and mode). */
  listing(readOnly: boolean): ListedTool[];
}

let loading: Promise<Catalog> | undefined;

export function loadCatalog(): Promise<Catalog> {
  loading ??= (async () => {
    const [{ OPERATIONS }, { toolListing }] = await Promise.all([import('../operations/index.js'), import('./listing.js')]);
    const listings = new Map<boolean, ListedTool[]>();
    return {
      operations: OPERATIONS,
      byName: new Map(OPERATIONS.map((op) => [op.name, op])),
      listing(readOnly) {
        let listing = listings.get(readOnly);
        if (!listing) {
          listing = toolListing(OPERATIONS.filter((op) => !(readOnly && op.kind === 'write')));
          listings.set(readOnly, listing);
        }
        return listing;
      },
    };
  })();
  return loading;
}
