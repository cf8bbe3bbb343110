/**
 * The write guard. Every write goes through `guardedWrite`, which previews it against the instance
 * as it is now and sends it only after a person (elicit) or a previewed token (token) approved it.
 */
import { canonicalJson, sha256Hex } from '../tools/canonical.js';
import { redact } from '../redact.js';
import { ToolError, type Args, type Preview, type ToolEnv, type WriteTool } from '../tools/define.js';
import type { ConfirmMode } from '../config.js';
import type { AuditOutcome, AuditSink } from './audit.js';
import type { ConfirmationTokens } from './token.js';

export type Answer = 'confirm' | 'decline' | 'cancel';

/** How the guard reaches a person. MCP elicitation today; another mechanism can replace it. */
export interface Asker {
  available(): boolean;
  /** Resolves with the person's answer; rejects on timeout or failure. */
  ask(message: string): Promise<Answer>;
}

export interface GuardDeps {
  env: ToolEnv;
  tokens: ConfirmationTokens;
  audit: AuditSink;
}

export interface WriteOutcome {
  structured: Record<string, unknown>;
  /** Guidance for the assistant, shown beside the JSON. */
  note?: string;
}

/** The mode a call runs in, once the client's capabilities are known. */
export function effectiveMode(mode: ConfirmMode, canElicit: boolean): Exclude<ConfirmMode, 'auto'> {
  return mode === 'auto' ? (canElicit ? 'elicit' : 'token') : mode;
}

/** The arguments a token is bound to: validated values with defaults, the effective region, no token. */
export function canonicalArgs(args: Args, regionId: string): string {
  const { ConfirmationToken: _token, ...rest } = args;
  return canonicalJson({ ...rest, RegionId: regionId });
}

function previewText(preview: Preview): string {
  return [
    `${preview.action} on instance ${preview.InstanceId} (status ${preview.Status}, region ${preview.RegionId}):`,
    ...preview.summary.map((line) => `  - ${line}`),
  ].join('\n');
}

/**
 * Runs one write under the configured confirmation mode. `prepare` makes the checks that come before
 * anything else (read-only, region, cross-field rules) and returns the effective region; a refusal
 * there is audited like any other.
 */
export async function guardedWrite(
  tool: WriteTool,
  args: Args,
  prepare: () => string,
  deps: GuardDeps,
  asker: Asker,
): Promise<WriteOutcome> {
  const { env, tokens } = deps;
  const instanceId = String(args.InstanceId ?? '');
  const mode = effectiveMode(env.config.confirm, asker.available());
  let regionId = typeof args.RegionId === 'string' && args.RegionId !== '' ? args.RegionId : env.config.region;
  let canonical = canonicalArgs(args, regionId);
  const audit = (outcome: AuditOutcome, requestId?: string): void =>
    deps.audit({
      tool: tool.name,
      InstanceId: instanceId,
      RegionId: regionId,
      mode,
      outcome,
      argsDigest: sha256Hex(canonical),
      ...(requestId ? { RequestId: requestId } : {}),
    });
  try {
    regionId = prepare();
    canonical = canonicalArgs(args, regionId);
  } catch (error) {
    audit('refused');
    throw error;
  }
  const refuse = (error: ToolError): never => {
    audit('refused');
    throw error;
  };
  const base = { InstanceId: instanceId, RegionId: regionId };

  const requestIdOf = (error: unknown): string | undefined => {
    const id = (error as { requestId?: unknown } | null)?.requestId;
    return typeof id === 'string' ? id : undefined;
  };

  const execute = async (): Promise<WriteOutcome> => {
    try {
      const { RequestId } = await tool.send(args, env, regionId);
      audit('executed', RequestId);
      return { structured: { status: 'executed', ...base, RequestId } };
    } catch (error) {
      audit('failed', requestIdOf(error));
      throw error;
    }
  };

  // The preview leaves the server (result, note, elicitation message), so it is redacted here, once.
  const buildPreview = async (): Promise<Preview> => {
    const { Instance } = await env.ice.describeInstance(instanceId, { regionId });
    if (Instance.Status === 'Finished') {
      throw new ToolError(
        `Not sent: instance ${instanceId} has Finished; a finished instance cannot be changed or made to speak.`,
        'InstanceFinished',
      );
    }
    return redact(tool.preview(args, Instance, regionId));
  };

  if (mode === 'none') return execute();

  if (mode === 'token' && typeof args.ConfirmationToken === 'string') {
    const check = tokens.redeem(tool.name, canonical, args.ConfirmationToken);
    if (check.ok) {
      audit('confirmed');
      return execute();
    }
    // The refusal carries a fresh preview, so the person sees what the call would do now.
    let fresh: string;
    try {
      fresh = `What this call would do now:\n${previewText(await buildPreview())}\nShow this preview to the person and ask whether to proceed. Only if they approve, call ${tool.name} again with these arguments and without ConfirmationToken to get a new token, then re-call with it.`;
    } catch (error) {
      fresh =
        error instanceof ToolError
          ? error.message
          : `No fresh preview could be read; call ${tool.name} again without ConfirmationToken to get one.`;
    }
    refuse(new ToolError(`Not sent: ${check.reason}. Nothing was changed.\n${fresh}`, 'ConfirmationRefused'));
  }

  if (mode === 'elicit' && !asker.available()) {
    refuse(
      new ToolError(
        'Not sent: this server asks a person to approve every write (--confirm elicit), but the connected client does not support form elicitation. Use a client that supports elicitation, or start the server with --confirm token (the assistant shows a preview and calls again with a token).',
        'ConfirmationUnavailable',
      ),
    );
  }

  let preview: Preview;
  try {
    preview = await buildPreview();
  } catch (error) {
    // A refusal decided here (finished, nothing to change) or a failed read: either way nothing was sent.
    audit(error instanceof ToolError ? 'refused' : 'failed', requestIdOf(error));
    throw error;
  }

  if (mode === 'token') {
    const { token, expiresAt } = tokens.issue(tool.name, canonical);
    audit('previewed');
    return {
      structured: { status: 'confirmation_required', ...base, preview, confirmationToken: token, expiresAt },
      note: `Nothing was sent. Show this preview to the person and ask whether to proceed:\n${previewText(preview)}\nOnly if they approve, call ${tool.name} again with exactly the same arguments plus ConfirmationToken (valid once, until ${expiresAt}).`,
    };
  }

  audit('previewed');
  let answer: Answer;
  try {
    answer = await asker.ask(`${previewText(preview)}\n\nSend this now?`);
  } catch (error) {
    audit('failed');
    const why = error instanceof Error && /timed? ?out/i.test(error.message) ? 'no answer came in time' : 'the confirmation request failed';
    throw new ToolError(`Not sent: ${why}. Nothing was changed.`, 'ConfirmationFailed');
  }
  if (answer !== 'confirm') {
    const status = answer === 'cancel' ? 'cancelled' : 'declined';
    audit(status);
    return {
      structured: { status, ...base, preview },
      note: `The person ${status === 'cancelled' ? 'dismissed' : 'declined'} the confirmation. Nothing was sent and nothing changed.`,
    };
  }
  audit('confirmed');
  return execute();
}
