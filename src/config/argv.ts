/**
 * node:util parseArgs reads `--timeout-ms -5` as the option followed by a flag `-5`, and answers
 * with its own "argument is ambiguous" wording. A value that looks like a negative number is joined
 * to its option here (`--timeout-ms=-5`), so the option's own check names the allowed range.
 */
const NEGATIVE_NUMBER = /^-\d/;

/** Joins `--opt <negative number>` into `--opt=<negative number>` for the options that take a value. */
export function joinNegativeValues(argv: readonly string[], valued: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    const next = argv[i + 1];
    if (word === '--') return [...out, ...argv.slice(i)];
    if (next !== undefined && valued.has(word) && NEGATIVE_NUMBER.test(next)) {
      out.push(`${word}=${next}`);
      i++;
    } else {
      out.push(word);
    }
  }
  return out;
}
