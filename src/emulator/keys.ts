/** The credentials the emulator accepts unless told otherwise. Local test values, not real keys. */
import type { EmulatorKey } from './types.js';

/**
 * One plain AccessKey pair and one STS triple. Their secret parts are distinctive so tests can
 * assert that they never show up in any output.
 */
export const DEMO_KEYS: EmulatorKey[] = [
  {
    accessKeyId: 'LTAI5tEmuDemoPlainKey01',
    accessKeySecret: 'emu-demo-ak-secret-7Qm2Vx9Lr4Tz8Kp3',
  },
  {
    accessKeyId: 'STS.NTEmuDemoStsKey02',
    accessKeySecret: 'emu-demo-sts-secret-H5s8Dj2Wq6Ny1Bc4',
    securityToken: 'emu-demo-sts-token-CAIS8gF1q6Ft5B2yfSjIr5bAKt3Zm9Xw',
  },
];
