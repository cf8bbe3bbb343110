/**
 * Carries out the confirmation decision (decide.ts) for one write: preview against the instance as it
 * is now, ask or issue a token, and send only after approval. Every step leaves an audit line.
 */
import { readInstance, requestIdOf } from '../domain/instances.js';
import type { Context } from '../domain/context.js';
import type { Args, Preview, Settled, WriteOperation } from '../domain/operation.js';
import { Refusal } from '../errors/refusal.js';
import { redact } from '../redact.js';
import type { AuditSink } from './audit.js';
import { decide } from './decide.js';
import { previewText } from './preview-text.js';
import type { ConfirmationTokens } from './token.js';
import { canonicalArgs, requestIdOfError, trailFor } from './trail.js';

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

/** Reads the instance and decides what the write would do to it now. The preview leaves the server, so it is redacted here. */
async function look(op: WriteOperation, args: Args, regionId: string, ctx: Context): Promise<Look> {
  const { Instance } = await readInstance(ctx.ice, op.instanceId(args), regionId);
  const settled = op.precondition?.(args, Instance);
  return settled ? { settled } : { preview: redact(op.preview(args, Instance, regionId)) };
}

export async function guardWrite(op: WriteOperation, args: Args, regionId: string, deps: GuardDeps, asker: Asker): Promise<WriteOutcome> {
  const { ctx, tokens } = deps;
  const decision = decide({
    configured: ctx.config.confirm,
    canElicit: asker.available,
    hasToken: typeof args.ConfirmationToken === 'string',
  });
  const canonical = canonicalArgs(args, regionId);
  const base = { InstanceId: op.instanceId(args), RegionId: regionId };
  const trail = trailFor(deps.audit, { tool: op.name, ...base, mode: decision.mode, canonical });
  const refuse = (error: Refusal): never => {
    trail('refused');
    throw error;
  };
  const send = async (): Promise<WriteOutcome> => {
    try {
      const RequestId = requestIdOf(await ctx.ice.call(op.action, op.params(args), op.kind, regionId));
      trail('executed', RequestId);
      return { structured: { status: 'executed', ...base, RequestId } };
    } catch (error) {
      trail('failed', requestIdOfError(error));
      throw error;
    }
  };

  if (decision.step === 'refuse') return refuse(new Refusal(decision.message, decision.code));
  if (decision.step === 'send') return send();
  if (decision.step === 'redeem') {
    const check = await tokens.redeem(op.name, canonical, String(args.ConfirmationToken));
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

  let seen: Look;
  try {
    seen = await look(op, args, regionId, ctx);
  } catch (error) {
    // A refusal decided here (finished, nothing to change) or a failed read: either way nothing was sent.
    trail(error instanceof Refusal ? 'refused' : 'failed', requestIdOfError(error));
    throw error;
  }
  if ('settled' in seen) {
    trail('refused');
    return { structured: { status: seen.settled.status, ...base }, note: seen.settled.note };
  }
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
