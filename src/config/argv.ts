/**
 * The command line's words into option values. node:util parseArgs did this before; it was replaced
 * because loading it took ~0.7 ms of every start-up (two internal modules compiled for six
 * words), and because it reads `--timeout-ms -5` as two options and answers in its own wording, which
 * needed a rewrite of argv in front of it. The rules: `--name value` or `--name=value` for an option
 * that takes a value, `--flag` or `-f` for one that does not, the last of a repeated option wins, no
 * positional arguments. Stricter than parseArgs in two ways: no grouped short flags (`-hv`), and a
 * value that starts with `-` follows its option only when it is a negative number (anything else,
 * `-` alone included, needs `--name=value`).
 */

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
}

export type FlagValues<O extends Record<string, FlagSpec>> = {
  [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string;
};

/** Thrown for words that are not options of `options`; the message names the word. */
export class FlagError extends Error {}

const NEGATIVE_NUMBER = /^-\d/;

export function parseFlagWords<O extends Record<string, FlagSpec>>(argv: readonly string[], options: O): FlagValues<O> {
  const values: Record<string, string | boolean> = {};
  const byShort = new Map<string, string>(
    Object.entries(options).flatMap(([name, spec]) => (spec.short ? [[`-${spec.short}`, name] as const] : [])),
  );
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      if (i + 1 < argv.length) throw new FlagError(`Unexpected argument '${argv[i + 1]}'`);
      break;
    }
    const equals = word.startsWith('--') ? word.indexOf('=') : -1;
    const name = equals > 0 ? word.slice(2, equals) : word.startsWith('--') ? word.slice(2) : byShort.get(word);
    if (name === undefined && !word.startsWith('-')) throw new FlagError(`Unexpected argument '${word}'`);
    const spec = name !== undefined && Object.hasOwn(options, name) ? options[name] : undefined;
    if (name === undefined || !spec) throw new FlagError(`Unknown option '${equals > 0 ? word.slice(0, equals) : word}'`);
    if (spec.type === 'boolean') {
      if (equals > 0) throw new FlagError(`Option '--${name}' does not take a value`);
      values[name] = true;
      continue;
    }
    if (equals > 0) {
      values[name] = word.slice(equals + 1);
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined) throw new FlagError(`Option '--${name} <value>' needs a value`);
    // A negative number is a value (its option's own check then names the range); another option is not.
    if (next.startsWith('-') && !NEGATIVE_NUMBER.test(next)) {
      throw new FlagError(`Option '--${name}' needs a value, and '${next}' is an option (write --${name}=${next} if it is the value)`);
    }
    values[name] = next;
    i++;
  }
  return values as FlagValues<O>;
}
