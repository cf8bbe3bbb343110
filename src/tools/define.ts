import type { z } from 'zod';
import type { Config } from '../config.js';
import type { AgentInstance, IceClient, WriteResult } from '../ice/types.js';
import type { RecentInstances } from '../resources/recent.js';

/** What every tool handler may use. Built once per server. */
export interface ToolEnv {
  ice: IceClient;
  config: Config;
  recent: RecentInstances;
}

/** Arguments after the SDK validated them against the tool's zod input. */
export type Args = Record<string, unknown>;

interface BaseTool<I extends z.AnyZodObject> {
  name: string;
  title: string;
  description: string;
  /** The ICE action behind the tool, for errors (e.g. the RAM action to grant). */
  action: string;
  input: I;
  output: z.ZodRawShape;
  /** Cross-field rules the flat input schema cannot express; returns a message naming the parameters. */
  check?: (args: z.infer<I>) => string | undefined;
}

export interface ReadTool<I extends z.AnyZodObject = z.AnyZodObject> extends BaseTool<I> {
  kind: 'read';
  run(args: z.infer<I>, env: ToolEnv, regionId: string): Promise<Record<string, unknown>>;
}

/** A change shown to a person before it is sent. */
export interface Preview {
  action: string;
  InstanceId: string;
  RegionId: string;
  Status: string;
  /** One line per effect, for people. */
  summary: string[];
  [key: string]: unknown;
}

export interface WriteTool<I extends z.AnyZodObject = z.AnyZodObject> extends BaseTool<I> {
  kind: 'write';
  /** Whether repeating the same call leaves the same state (an update does; a speech speaks again). */
  idempotent: boolean;
  /** Builds the preview from the instance as it is now; throws ToolError when there is nothing to do. */
  preview(args: z.infer<I>, instance: AgentInstance, regionId: string): Preview;
  send(args: z.infer<I>, env: ToolEnv, regionId: string): Promise<WriteResult>;
}

export type Tool = ReadTool | WriteTool;

/** Erases a tool's argument type so tools of different inputs fit in one table. */
export const defineTool = <I extends z.AnyZodObject>(tool: ReadTool<I> | WriteTool<I>): Tool => tool as unknown as Tool;

/** A refusal decided by this server (bad input, wrong state): never reaches the cloud. */
export class ToolError extends Error {
  override readonly name = 'ToolError';
  constructor(
    message: string,
    readonly code = 'InvalidParameter',
  ) {
    super(message);
  }
}

/** The region a call goes to. With an explicit endpoint only the configured region is reachable. */
export function resolveRegion(config: Config, requested: unknown): string {
  if (typeof requested !== 'string' || requested === '') return config.region;
  if (config.endpoint !== undefined && requested !== config.region) {
    throw new ToolError(
      `RegionId "${requested}" cannot be reached: this server is configured with the endpoint ${config.endpoint} for region ${config.region}; omit RegionId or use "${config.region}"`,
    );
  }
  return requested;
}
