/**
 * An ICE operation as data: one value per ICE action (see operations/). Its `kind` alone decides the
 * annotations, read-only gating, confirmation and retries.
 */
import type { z } from 'zod';
import type { Toolset } from '../config/config.js';
import type { AgentInstance, IceResponse } from '../ice/types.js';
import type { Context } from './context.js';

export type { Toolset };

/** Arguments after validation against the operation's input. */
export type Args = Record<string, unknown>;

interface Common<A> {
  /** The MCP tool name. */
  name: string;
  title: string;
  description: string;
  /** The ICE action behind the tool. */
  action: string;
  toolset: Toolset;
  /** A strict zod object; cross-field rules ride on it as superRefine. */
  input: z.ZodType<A, z.ZodTypeDef, unknown>;
  /** The shape of structuredContent. */
  output: z.ZodRawShape;
}

/** One call of a read: the context, the region it goes to, and the operation's own signed call. */
export interface ReadCall extends Context {
  regionId: string;
  /** Calls this operation's ICE action (retried as a read). */
  send(params: Record<string, unknown>): Promise<IceResponse>;
}

export interface ReadOperation<A = Args> extends Common<A> {
  kind: 'read';
  run(args: A, call: ReadCall): Promise<Record<string, unknown>>;
}

/** One field a write would change: its value now and the value that will be sent. */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/**
 * What a write would do, built by the operation from the instance as it is now. The guard shows it:
 * it redacts every `from` (the cloud's data), never a `to` (the caller's own values, exactly as sent),
 * renders each change as a line, and binds the approval to the `from` values seen.
 */
export interface Preview {
  action: string;
  /** Absent for a write that creates its instance (an outbound call). */
  InstanceId?: string;
  RegionId: string;
  Status?: string;
  /** The fields the write changes, with raw values (see above). */
  changes?: FieldChange[];
  /**
   * Effect lines for people, after the change lines. They may hold the caller's values (quote them
   * with util/visible.ts) and plain facts about the instance, never its secrets.
   */
  summary: string[];
  [key: string]: unknown;
}

/** A write that needs no sending, decided on the instance as it is (e.g. stopping a finished call). */
export interface Settled {
  status: string;
  /** What to tell the assistant. */
  note: string;
}

export interface WriteOperation<A = Args> extends Common<A> {
  kind: 'write';
  /** Whether repeating the same call leaves the same state (an update does; a speech speaks again). */
  idempotent: boolean;
  /**
   * The instance the write acts on: read for the preview, and again at approval. Undefined for a write
   * that creates its instance (an outbound call): nothing is read, the preview comes from the arguments.
   */
  instanceId(args: A): string | undefined;
  /**
   * Decided on the instance as it is now, before anyone is asked and before anything is sent: throw a
   * Refusal, return a Settled outcome that needs no write, or undefined to go on.
   */
  precondition?(args: A, instance: AgentInstance): Settled | undefined;
  /** What the person is shown; throws a Refusal when there is nothing to do. */
  preview(args: A, instance: AgentInstance, regionId: string): Preview;
  /** The API parameters, exactly as they are sent. */
  params(args: A): Record<string, unknown>;
  /** Fields of the service's answer worth returning (an outbound call's new InstanceId). */
  outcome?(body: IceResponse): Record<string, unknown>;
}

export type Operation = ReadOperation | WriteOperation;

/** Erases an operation's argument type so operations of different inputs fit in one table. */
export const defineOperation = <A>(operation: ReadOperation<A> | WriteOperation<A>): Operation => operation as unknown as Operation;
