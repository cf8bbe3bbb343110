/** Reading the instance a write acts on, and deciding what the write would do to it now. */
import type { Context } from '../domain/context.js';
import { readInstance } from '../domain/instances.js';
import type { Args, Settled, WriteOperation } from '../domain/operation.js';
import { Refusal } from '../errors/refusal.js';
import type { AgentInstance } from '../ice/types.js';
import { render, type Shown } from './render.js';

export type Look = { shown: Shown } | { settled: Settled };

/** Describe, then the operation's precondition, then its preview. A Refusal thrown here sends nothing. */
export async function look(op: WriteOperation, args: Args, regionId: string, ctx: Context): Promise<Look> {
  const instance = await current(op, args, regionId, ctx);
  const settled = op.precondition?.(args, instance);
  return settled ? { settled } : { shown: render(op.preview(args, instance, regionId)) };
}

/** The instance as it is now; a write that creates its instance has none to read. */
async function current(op: WriteOperation, args: Args, regionId: string, ctx: Context): Promise<AgentInstance> {
  const id = op.instanceId(args);
  return id === undefined ? {} : (await readInstance(ctx.ice, id, regionId)).Instance;
}

/** Unattended writes (mode none) check the precondition only: nobody is shown a preview. */
export async function settledNow(op: WriteOperation, args: Args, regionId: string, ctx: Context): Promise<Look | undefined> {
  if (!op.precondition || op.instanceId(args) === undefined) return undefined;
  const settled = op.precondition(args, await current(op, args, regionId, ctx));
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

/** For a refused token: what the call would do now, so the person can decide afresh. */
export const freshPreview = (op: WriteOperation, args: Args, regionId: string, ctx: Context): Promise<string> =>
  look(op, args, regionId, ctx).then(
    (seen) =>
      'shown' in seen
        ? `What this call would do now:\n${seen.shown.text}\nShow this preview to the person and ask whether to proceed. Only if they approve, call ${op.name} again with these arguments and without ConfirmationToken to get a new token, then re-call with it.`
        : seen.settled.note,
    (error: unknown) =>
      error instanceof Refusal
        ? error.message
        : `No fresh preview could be read; call ${op.name} again without ConfirmationToken to get one.`,
  );
