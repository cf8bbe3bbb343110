/**
 * module.exports of a CommonJS package from its import() namespace. Node puts it at `default`;
 * loaders that honour `__esModule` (vitest) spread it over the namespace. Both Alibaba Cloud packages
 * export `Config`, which tells the two apart.
 */
export const commonJs = (ns: object): Record<string, unknown> =>
  ('Config' in ns ? ns : (ns as { default: object }).default) as Record<string, unknown>;
