import { createRequire } from 'node:module';

/**
 * Node built-ins through `require` rather than `import`. An ES import of a built-in builds its module
 * facade, which reads every export once and so runs lazy getters: node:fs loads its streams, for
 * nothing this server uses at start-up. Required, a built-in is the same object without that.
 */
interface Builtins {
  'node:crypto': typeof import('node:crypto');
  'node:fs': typeof import('node:fs');
}

export const builtin = createRequire(import.meta.url) as <K extends keyof Builtins>(id: K) => Builtins[K];
