/**
 * The tool table, loaded on first use. Building its zod schemas is most of this server's own start-up
 * work, and nothing before the first tools/list or tools/call needs them.
 */
import type { Tool as ListedTool } from '@modelcontextprotocol/sdk/types.js';
import type { Tool } from './define.js';

export interface Catalog {
  tools: readonly Tool[];
  byName: ReadonlyMap<string, Tool>;
  /** The advertised list (converted once per process and mode). */
  listing(readOnly: boolean): ListedTool[];
}

let loading: Promise<Catalog> | undefined;

export function loadCatalog(): Promise<Catalog> {
  loading ??= (async () => {
    const [{ TOOLS }, { toolListing }] = await Promise.all([import('./index.js'), import('./listing.js')]);
    const listings = new Map<boolean, ListedTool[]>();
    return {
      tools: TOOLS,
      byName: new Map(TOOLS.map((tool) => [tool.name, tool])),
      listing(readOnly) {
        let listing = listings.get(readOnly);
        if (!listing) {
          listing = toolListing(TOOLS.filter((tool) => !(readOnly && tool.kind === 'write')));
          listings.set(readOnly, listing);
        }
        return listing;
      },
    };
  })();
  return loading;
}
