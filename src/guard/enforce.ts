/**
 * Carries out the confirmation decision (decide.ts) for one write: preview against the instance as it
 * is now, ask or issue a token, and send only after approval. Every step leaves an audit line.
 */
import { readInstance, requestIdOf } from '../domain/instances.js';
import type { AgentInstance } from '../ice/types.js';
import type { Context } from '../domain/context.js';
import type { Args, Preview, Settled, WriteOperation } from '../domain/operation.js';
import { Refusal } from '../errors/refusal.js';
import { redact } from '../redact.js';
import type { AuditSink } from './audit.js';
import { decide } from './decide.js';
import { previewText } from './preview-text.js';
import type { ConfirmationTokens } from './token.js';
import { canonicalArgs, phoneNumbersOf, requestIdOfError, trailFor } from './trail.js';

export type Answer = 'confirm' | 'decline' | 'cancel';

/** How the guard reaches a person: MCP elicitation today; another mechanism can replace it. */
export interface Asker {
  available: boolean;
  /** Resolves with the person's answer; rejects on timeout or failure. */
  ask(message: string): Promise<Answer>;
}

export interface GuardDeps {
  ctx: Context;
  tokens: ConfirmationTokens;
  audit: AuditSink;
}

export interface WriteOutcome {
  structured: Record<string, unknown>;
  /** Guidance for the assistant, shown beside the JSON. */
  note?: string;
}

type Look = { preview: Preview } | { settled: Settled };

/** The instance as it is now; a write that creates its instance has none to read. */
async function current(op: WriteOperation, args: Args, regionId: string, ctx: Context): Promise<AgentInstance> {
  const id = op.instanceId(args);
  return id === undefined ? {} : (await readInstance(ctx.ice, id, regionId)).Instance;
}

/** Reads the instance and decides what the write would do to it now. The preview leaves the server, so it is redacted here. */
async function look(op: WriteOperation, args: Args, regionId: string, ctx: Context): Promise<Look> {
  const instance = await current(op, args, regionId, ctx);
  const settled = op.precondition?.(args, instance);
  return settled ? { settled } : { preview: redact(op.preview(args, instance, regionId)) };
}

/** The precondition alone, for mode none: read only when there is one and an instance to judge. */
async function settle(op: WriteOperation, args: Args, regionId: string, ctx: Context): Promise<Settled | undefined> {
  if (op.precondition === undefined || op.instanceId(args) === undefined) return undefined;
  return op.precondition(args, await current(op, args, regionId, ctx));
}

export async function guardWrite(op: WriteOperation, args: Args, regionId: string, deps: GuardDeps, asker: Asker): Promise<WriteOutcome> {
  const { ctx, tokens } = deps;
  const decision = decide({
    configured: ctx.config.confirm,
    canElicit: asker.available,
    hasToken: typeof args.ConfirmationToken === 'string',
  });
  const canonical = canonicalArgs(args, regionId);
  const base = { InstanceId: op.instanceId(args) ?? '', RegionId: regionId };
  const trail = trailFor(deps.audit, { tool: op.name, ...base, mode: decision.mode, canonical, numbers: phoneNumbersOf(args) });
  const refuse = (error: Refusal): never => {
    trail('refused');
    throw error;
  };
  const send = async (): Promise<WriteOutcome> => {
    try {
      const body = await ctx.ice.call(op.action, op.params(args), op.kind, regionId);
      const RequestId = requestIdOf(body);
      trail('executed', RequestId);
      return { structured: { status: 'executed', ...base, ...op.outcome?.(body), RequestId } };
    } catch (error) {
      trail('failed', requestIdOfError(error));
      throw error;
    }
  };

  // A refusal decided on the instance (finished, nothing to change) or a failed read: either way nothing was sent.
  const checked = async <T>(step: () => Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (error) {
      trail(error instanceof Refusal ? 'refused' : 'failed', requestIdOfError(error));
      throw error;
    }
  };
  const settledOutcome = (settled: Settled): WriteOutcome => {
    trail('refused');
    return { structured: { status: settled.status, ...base }, note: settled.note };
  };

  if (decision.step === 'refuse') return refuse(new Refusal(decision.message, decision.code));
  if (decision.step === 'send') {
    // Nobody is asked in mode none, but a precondition still decides first: stopping a finished call sends nothing.
    const settled = await checked(() => settle(op, args, regionId, ctx));
    return settled ? settledOutcome(settled) : send();
  }
  if (decision.step === 'redeem') {
    const check = tokens.redeem(op.name, canonical, String(args.ConfirmationToken));
    if (check.ok) {
      trail('confirmed');
      return send();
    }
    // The refusal carries a fresh preview, so the person sees what the call would do now.
    const fresh = await look(op, args, regionId, ctx).then(
      (seen) =>
        'preview' in seen
          ? `What this call would do now:\n${previewText(seen.preview)}\nShow this preview to the person and ask whether to proceed. Only if they approve, call ${op.name} again with these arguments and without ConfirmationToken to get a new token, then re-call with it.`
          : seen.settled.note,
      (error: unknown) =>
        error instanceof Refusal
          ? error.message
          : `No fresh preview could be read; call ${op.name} again without ConfirmationToken to get one.`,
    );
    return refuse(new Refusal(`Not sent: ${check.reason}. Nothing was changed.\n${fresh}`, 'ConfirmationRefused'));
  }

  const seen = await checked(() => look(op, args, regionId, ctx));
  if ('settled' in seen) return settledOutcome(seen.settled);
  const { preview } = seen;

  if (decision.step === 'issue-token') {
    const { token, expiresAt } = tokens.issue(op.name, canonical);
    trail('previewed');
    return {
      structured: { status: 'confirmation_required', ...base, preview, confirmationToken: token, expiresAt },
      note: `Nothing was sent. Show this preview to the person and ask whether to proceed:\n${previewText(preview)}\nOnly if they approve, call ${op.name} again with exactly the same arguments plus ConfirmationToken (valid once, until ${expiresAt}).`,
    };
  }

  trail('previewed');
  let answer: Answer;
  try {
    answer = await asker.ask(`${previewText(preview)}\n\nSend this now?`);
  } catch (error) {
    trail('failed');
    const why = error instanceof Error && /timed? ?out/i.test(error.message) ? 'no answer came in time' : 'the confirmation request failed';
    throw new Refusal(`Not sent: ${why}. Nothing was changed.`, 'ConfirmationFailed');
  }
  if (answer !== 'confirm') {
    const status = answer === 'cancel' ? 'cancelled' : 'declined';
    trail(status);
    return {
      structured: { status, ...base, preview },
      note: `The person ${status === 'cancelled' ? 'dismissed' : 'declined'} the confirmation. Nothing was sent and nothing changed.`,
    };
  }
  trail('confirmed');
  return send();
}
