import type { Config } from '../config/config.js';
import { Refusal } from '../errors/refusal.js';

/** The region a call goes to. With an explicit endpoint only the configured region is reachable. */
export function resolveRegion(config: Config, requested: unknown): string {
  if (typeof requested !== 'string' || requested === '') return config.region;
  if (config.endpoint !== undefined && requested !== config.region) {
    throw new Refusal(
      `RegionId "${requested}" cannot be reached: this server is configured with the endpoint ${config.endpoint} for region ${config.region}; omit RegionId or use "${config.region}"`,
    );
  }
  return requested;
}
