/** What every emulated action gets, and the instance lookups they share. */
import { incorrectStatus, instanceNotFound } from './gateway-error.js';
import type { Directory } from './directory.js';
import { required, type Params } from './params.js';
import type { InstanceStore } from './store.js';
import type { StoredInstance } from './types.js';

export interface OperationContext {
  store: InstanceStore;
  directory: Directory;
  now: () => number;
  /** http://host:port, for the call-log URLs the emulator serves itself. */
  baseUrl: string;
  listIncludesInstanceId: boolean;
}

/** Returns the response body without RequestId (the server puts that first). */
export type Operation = (params: Params, ctx: OperationContext) => Record<string, unknown>;

export function findInstance(params: Params, ctx: OperationContext): StoredInstance {
  const id = required(params, 'InstanceId');
  const instance = ctx.store.get(id);
  if (instance === undefined) throw instanceNotFound(id);
  return instance;
}

/** Writes are refused once an instance has finished (our choice of code; see gateway-error.ts). */
export function findWritable(params: Params, ctx: OperationContext): StoredInstance {
  const instance = findInstance(params, ctx);
  if (instance.Status === 'Finished') throw incorrectStatus(instance.InstanceId, instance.Status);
  return instance;
}
