/** Tool names and counts derived from the operation table, so tests follow it as it grows. */
import { OPERATIONS } from '../../src/operations/index.js';

/** The toolsets a server offers without --toolsets. */
export const DEFAULT_TOOLSETS = ['calls', 'agents'];

/** Names a default server lists, in table order; without writes when read-only. */
export function defaultToolNames(options: { readOnly?: boolean } = {}): string[] {
  return OPERATIONS.filter((op) => DEFAULT_TOOLSETS.includes(op.toolset) && !(options.readOnly && op.kind === 'write')).map(
    (op) => op.name,
  );
}

/** Names of the write tools a default server offers. */
export const defaultWriteNames = (): string[] =>
  OPERATIONS.filter((op) => DEFAULT_TOOLSETS.includes(op.toolset) && op.kind === 'write').map((op) => op.name);
