/** Shapes of the ICE (2020-11-09) AI agent API as this server uses them. */

/** Instance status as ICE reports it. */
export type InstanceStatus = 'Created' | 'Executing' | 'Finished';

/** An instance as Describe returns it; List items are the same minus a few fields. */
export interface AgentInstance {
  InstanceId?: string;
  Status?: string;
  CallLogUrl?: string;
  RuntimeConfig?: Record<string, unknown>;
  AgentConfig?: Record<string, unknown>;
  TemplateConfig?: Record<string, unknown>;
  UserData?: string;
  SessionId?: string;
  GmtCreate?: string;
  GmtModified?: string;
  CallInfo?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Whether a call only reads (retried on transient failures) or changes something (sent once). */
export type CallKind = 'read' | 'write';

/** Query parameters exactly as they go on the wire: every value a string. */
export type WireParams = Record<string, string>;

/** A response body, with the service's PascalCase keys. */
export type IceResponse = Record<string, unknown>;

/** The one seam between the server and the cloud. */
export interface IceClient {
  /**
   * One signed RPC call of `action` to the endpoint of `regionId` (default: the configured region).
   * Parameters are encoded as the official SDK does (see wire.ts); `kind` decides retries.
   */
  call(action: string, params: Record<string, unknown>, kind: CallKind, regionId?: string): Promise<IceResponse>;
}

/** The deprecated per-scenario wrappers of TemplateConfig and RuntimeConfig, in the order they are consulted. */
export const TEMPLATE_GROUPS = ['VoiceChat', 'VisionChat', 'AvatarChat3D'] as const;
