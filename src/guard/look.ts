/** Reading the instance a write acts on, and deciding what the write would do to it now. */
import type { Context } from '../domain/context.js';
import { readInstance } from '../domain/instances.js';
import type { Args, Settled, WriteOperation } from '../domain/operation.js';
import { render, type Shown } from './render.js';

export type Look = { shown: Shown } | { settled: Settled };

/** Describe, then the operation's precondition, then its preview. A Refusal thrown here sends nothing. */
export async function look(op: WriteOperation, args: Args, regionId: string, ctx: Context): Promise<Look> {
  const { Instance } = await readInstance(ctx.ice, op.instanceId(args), regionId);
  const settled = op.precondition?.(args, Instance);
  return settled ? { settled } : { shown: render(op.preview(args, Instance, regionId)) };
}

/** Unattended writes (mode none) check the precondition only: nobody is shown a preview. */
export async function settledNow(op: WriteOperation, args: Args, regionId: string, ctx: Context): Promise<Look | undefined> {
  if (!op.precondition) return undefined;
  const { Instance } = await readInstance(ctx.ice, op.instanceId(args), regionId);
  const settled = op.precondition(args, Instance);
  return settled ? { settled } : undefined;
}

const SEPARATOR = '~';

/** A token as handed out: the signed token, then the keyed digest of the values the preview was built on. */
export const bindToken = (token: string, basisDigest: string): string => `${token}${SEPARATOR}${basisDigest}`;

const BASIS = /^[A-Za-z0-9_-]{22}$/;

/** Splits a token handed back (undefined when malformed); the basis part is covered by the token's MAC (see enforce.ts). */
export function splitToken(text: string): { token: string; basisDigest: string } | undefined {
  const at = text.lastIndexOf(SEPARATOR);
  const basisDigest = text.slice(at + 1);
  return at < 0 || !BASIS.test(basisDigest) ? undefined : { token: text.slice(0, at), basisDigest };
}
