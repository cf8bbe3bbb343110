/** Preconditions shared by operations that act on a live call. */
import { Refusal } from '../errors/refusal.js';
import type { AgentInstance } from '../ice/types.js';

/** A finished call cannot take this write: refused before anyone is asked, with what it would have done. */
export const refuseFinished =
  (what: string) =>
  (args: { InstanceId: string }, instance: AgentInstance): undefined => {
    if (instance.Status !== 'Finished') return undefined;
    throw new Refusal(`Not sent: instance ${args.InstanceId} has Finished; a finished instance cannot ${what}.`, 'InstanceFinished');
  };
