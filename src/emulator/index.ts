/** Public surface of the ICE emulator: a loopback server speaking the ICE 2020-11-09 wire protocol. */
export { startEmulator } from './server.js';
export { runEmulatorCli, type CliIo } from './cli.js';
export { DEMO_KEYS } from './keys.js';
export { DEMO_SEED_PATH, loadSeed, SeedError } from './seed.js';
export { canonicalQuery, percentEncode, stringToSign, type SignedRequest } from './signature.js';
export { API_VERSION, MAX_SPEECH_CHARS } from './operations.js';
export { MAX_CALLS_PER_NUMBER } from './call-operations.js';
export type { SeedDialogue, SeedPhoneNumber, SeedSession, SeedVoiceGroup, StoredDialogue } from './directory.js';
export type {
  Emulator,
  EmulatorKey,
  EmulatorStoreView,
  Fault,
  InstanceSnapshot,
  RecordedRequest,
  SeedAgent,
  SeedData,
  SeedInstance,
  SpokenItem,
  StartEmulatorOptions,
  StoredInstance,
  UpdateRecord,
} from './types.js';
