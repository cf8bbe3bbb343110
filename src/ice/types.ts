/** Shapes of the ICE (2020-11-09) AI agent instance API as this server uses them. */

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

export interface ListInstancesParams {
  AIAgentId: string;
  StartTime?: string;
  EndTime?: string;
  PageSize?: number;
  PageNumber?: number;
}

export interface ListInstancesResult {
  RequestId: string;
  Instances: AgentInstance[];
}

export interface DescribeInstanceResult {
  RequestId: string;
  Instance: AgentInstance;
}

export interface UpdateInstanceParams {
  InstanceId: string;
  AgentConfig?: Record<string, unknown>;
  TemplateConfig?: Record<string, unknown>;
  UserData?: string;
}

export interface SendSpeechParams {
  InstanceId: string;
  Text: string;
  EnableInterrupt?: boolean;
  Type?: 'Text' | 'AudioUrl';
}

export interface WriteResult {
  RequestId: string;
}

/** Per-call options: which region's endpoint the call goes to. */
export interface CallOptions {
  regionId?: string;
}

/** Query parameters exactly as they go on the wire: every value a string. */
export type WireParams = Record<string, string>;

/** The one seam between the MCP surface and the cloud. */
export interface IceClient {
  /** One signed RPC call; `kind` decides whether failures are retried. */
  call(action: string, params: WireParams, kind: 'read' | 'write', options?: CallOptions): Promise<Record<string, unknown>>;
  listInstances(params: ListInstancesParams, options?: CallOptions): Promise<ListInstancesResult>;
  describeInstance(instanceId: string, options?: CallOptions): Promise<DescribeInstanceResult>;
  updateInstance(params: UpdateInstanceParams, options?: CallOptions): Promise<WriteResult>;
  sendSpeech(params: SendSpeechParams, options?: CallOptions): Promise<WriteResult>;
}
