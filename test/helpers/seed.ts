/**
 * Every fast-check property runs through here, so each run draws the same inputs: the seed comes from
 * FC_SEED (an integer, or `random` to explore), else a fixed default. A failure says how to replay it.
 */
import fc from 'fast-check';
import { expect } from 'vitest';

export const SEED_VARIABLE = 'FC_SEED';
const DEFAULT_SEED = 20_250_718;

function seedFrom(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_SEED;
  if (raw.trim() === 'random') return (Math.random() * 2 ** 31) | 0;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`${SEED_VARIABLE} must be an integer or "random", not ${JSON.stringify(raw)}`);
  return seed;
}

/** The seed of this test run. */
export const FC_SEED = seedFrom(process.env[SEED_VARIABLE]);

/** How to run one failing property again with the same inputs. */
function rerunHint(seed: number): string {
  const { testPath, currentTestName } = expect.getState();
  const file = testPath ? ` ${testPath.replace(`${process.cwd()}/`, '')}` : '';
  const name = currentTestName ? ` -t ${JSON.stringify(currentTestName)}` : '';
  return `fast-check seed ${seed}; to replay: ${SEED_VARIABLE}=${seed} npx vitest run${file}${name}`;
}

/** fc.assert with this run's seed; a failure's message starts with the seed and the command that replays it. */
export async function assertProperty<Ts>(property: fc.IAsyncProperty<Ts> | fc.IProperty<Ts>, numRuns: number): Promise<void> {
  try {
    await fc.assert(property, { seed: FC_SEED, numRuns });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`${rerunHint(FC_SEED)}\n${detail}`, { cause: error });
  }
}
