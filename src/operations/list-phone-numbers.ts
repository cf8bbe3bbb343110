import { z } from 'zod';
import { requestIdOf } from '../domain/instances.js';
import { defineOperation } from '../domain/operation.js';
import { isPlainObject } from '../util/values.js';
import { bounded, int, openRecord, regionId } from './fields.js';

const STATUS_NAMES: Record<string, string> = { 1: 'activating', 2: 'normal', 3: 'deactivating', 4: 'deactivated' };

const input = z
  .object({
    Number: bounded(32).optional().describe('Only numbers matching this.'),
    Status: int(1, 4).optional().describe('1 activating, 2 normal, 3 deactivating, 4 off.'),
    PageSize: int(1, 100).optional().describe('Default 50.'),
    PageNumber: int(1, 1000).optional().describe('Default 1.'),
    RegionId: regionId(),
  })
  .strict();

export const listPhoneNumbers = defineOperation({
  name: 'ice_list_phone_numbers',
  title: 'List AI agent phone numbers',
  description: "The account's AI agent phone numbers and their status; a normal one can be an outbound CallerNumber.",
  action: 'ListAIAgentPhoneNumber',
  toolset: 'telephony',
  kind: 'read',
  input,
  output: {
    PhoneNumbers: z.array(openRecord()),
    Count: z.number().int(),
    TotalNumber: z.number().int().optional(),
    RequestId: z.string(),
    RegionId: z.string(),
  },
  async run(args: z.infer<typeof input>, call) {
    const body = await call.send({ Number: args.Number, Status: args.Status, PageSize: args.PageSize, PageNumber: args.PageNumber });
    const PhoneNumbers = (Array.isArray(body.Data) ? body.Data.filter(isPlainObject) : []).map((n) => ({
      ...n,
      ...(STATUS_NAMES[String(n.Status)] ? { StatusName: STATUS_NAMES[String(n.Status)] } : {}),
    }));
    const total = Number(body.TotalNumber);
    return {
      PhoneNumbers,
      Count: PhoneNumbers.length,
      ...(Number.isInteger(total) ? { TotalNumber: total } : {}),
      PageNumber: args.PageNumber ?? 1,
      RequestId: requestIdOf(body),
      RegionId: call.regionId,
    };
  },
});
