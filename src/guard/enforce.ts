/**
 * Carries out the confirmation decision (decide.ts) for one write: preview against the instance as it
 * is now, ask a person (or issue a token), read the instance again at approval, and send only when
 * the person approved exactly what they saw. Every step leaves an audit line.
 */
import type { Context } from '../domain/context.js';
import { requestIdOf } from '../domain/instances.js';
import type { Args, WriteOperation } from '../domain/operation.js';
import { Refusal } from '../errors/refusal.js';
import type { AuditSink } from './audit.js';
import { decide } from './decide.js';
import { keyedDigest } from './keys.js';
import { bindToken, freshPreview, look, settledNow, splitToken, type Look } from './look.js';
import { refusePlaceholders } from './placeholder.js';
import type { Shown } from './render.js';
import type { ConfirmationTokens, TokenCheck } from './token.js';
import { canonicalArgs, phoneNumbersOf, requestIdOfError, stopsUnaudited, trailFor, type Caller } from './trail.js';
import { NEXT, outcome, type WriteOutcome } from './outcome.js';

export type Answer = 'confirm' | 'decline' | 'cancel' | 'timeout';

/** One way of reaching the person (MCP elicitation, a browser page). Rejects only when asking failed. */
export type Ask = (shown: Shown) => Promise<Answer>;

export interface People {
  canElicit: boolean;
  canBrowse: boolean;
  ask(via: 'elicit' | 'browser'): Ask;
}

export interface GuardDeps {
  ctx: Context;
  tokens: ConfirmationTokens;
  audit: AuditSink;
  caller: Caller;
}

export type { WriteOutcome } from './outcome.js';

const MALFORMED: TokenCheck = { ok: false, reason: 'the ConfirmationToken is malformed or truncated' };

export async function guardWrite(op: WriteOperation, args: Args, regionId: string, deps: GuardDeps, people: People): Promise<WriteOutcome> {
  const { ctx, tokens } = deps;
  const { config } = ctx;
  const hasToken = typeof args.ConfirmationToken === 'string';
  const decision = decide({ configured: config.confirm, canElicit: people.canElicit, canBrowse: people.canBrowse, hasToken });
  const canonical = canonicalArgs(args, regionId);
  const base = { InstanceId: op.instanceId(args) ?? '', RegionId: regionId };
  const line = trailFor(deps.audit, {
    tool: op.name,
    ...base,
    mode: decision.mode,
    canonical,
    caller: deps.caller,
    key: config.confirmKey,
    numbers: phoneNumbersOf(args),
  });
  const trail = stopsUnaudited(line);
  const basisDigest = (shown: Shown): string => keyedDigest(config.confirmKey, `basis|${shown.basis}`, 22);
  const tokenArgs = (digest: string): string => `${canonical}\nbasis:${digest}`;

  /** Runs a step that may refuse; a refusal or failure is audited, then rethrown. */
  const step = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      trail(error instanceof Refusal ? 'refused' : 'failed', requestIdOfError(error));
      throw error;
    }
  };
  const send = async (): Promise<WriteOutcome> => {
    try {
      const body = await ctx.ice.call(op.action, op.params(args), op.kind, regionId);
      const RequestId = requestIdOf(body);
      trail('executed', RequestId);
      return outcome({ status: 'executed', ...base, ...op.outcome?.(body), RequestId, next: NEXT.executed });
    } catch (error) {
      trail('failed', requestIdOfError(error));
      throw error;
    }
  };
  const settledOutcome = (seen: Look): WriteOutcome | undefined => {
    if (!('settled' in seen)) return undefined;
    trail('refused');
    return outcome({ status: seen.settled.status, ...base, next: seen.settled.note });
  };
  /** At approval: the instance is read again, and the write goes out only if it is as the person saw it. */
  const recheck = async (digest: string): Promise<WriteOutcome | undefined> => {
    const now = await step(() => look(op, args, regionId, ctx));
    const settled = settledOutcome(now);
    if (settled || !('shown' in now) || basisDigest(now.shown) === digest) return settled;
    trail('refused');
    throw new Refusal(
      `Not sent: the instance changed after the preview was shown, so the approval no longer matches it. Nothing was changed. What this call would do now:\n${now.shown.text}\nShow this to the person and ask again.`,
      'ChangedSincePreview',
      true,
    );
  };

  await step(async () => refusePlaceholders(args));
  if (decision.step === 'refuse') return step(() => Promise.reject(new Refusal(decision.message, decision.code)));
  if (decision.step === 'send') {
    const seen = await step(() => settledNow(op, args, regionId, ctx));
    return (seen && settledOutcome(seen)) || send();
  }
  if (decision.step === 'redeem') {
    const split = splitToken(String(args.ConfirmationToken));
    const check = split ? await step(() => tokens.redeem(op.name, tokenArgs(split.basisDigest), split.token)) : MALFORMED;
    if (!check.ok) {
      trail('refused');
      throw new Refusal(
        `Not sent: ${check.reason}. Nothing was changed.\n${await freshPreview(op, args, regionId, ctx)}`,
        'ConfirmationRefused',
        true,
      );
    }
    const stop = await recheck(split?.basisDigest ?? '');
    if (stop) return stop;
    trail('token_redeemed');
    return send();
  }

  const seen = await step(() => look(op, args, regionId, ctx));
  const settled = settledOutcome(seen);
  if (settled || !('shown' in seen)) return settled as WriteOutcome;
  const { shown } = seen;
  const digest = basisDigest(shown);

  if (decision.step === 'issue-token') {
    const issued = tokens.issue(op.name, tokenArgs(digest));
    trail('previewed');
    const next = `${NEXT.confirmation_required.replace('TOOL', op.name)} (valid once, until ${issued.expiresAt}).`;
    return outcome(
      { status: 'confirmation_required', ...base, confirmationToken: bindToken(issued.token, digest), expiresAt: issued.expiresAt, next },
      shown,
    );
  }

  trail('previewed');
  const answer = await step(() => people.ask(decision.mode)(shown)).catch(() => {
    throw new Refusal(
      'Not sent: the confirmation request failed (the client or browser could not ask the person). Nothing was changed.',
      'ConfirmationFailed',
    );
  });
  if (answer !== 'confirm') {
    const status = answer === 'cancel' ? 'cancelled' : answer === 'timeout' ? 'timed_out' : 'declined';
    trail(status);
    return outcome({ status, ...base, next: NEXT[status] }, shown);
  }
  const stop = await recheck(digest);
  if (stop) return stop;
  trail('confirmed');
  return send();
}
