import type { Config } from '../config/config.js';
import type { IceClient } from '../ice/types.js';
import type { RecentInstances } from './recent.js';

/** What every operation, resource and the guard may use. Built once per process (see mcp/deps.ts). */
export interface Context {
  ice: IceClient;
  config: Config;
  recent: RecentInstances;
}
