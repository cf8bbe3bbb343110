/** What kind of failure an IceError is, for callers that branch on it. */
export type IceErrorKind = 'service' | 'credentials' | 'network' | 'timeout' | 'bad-response';

export interface IceErrorInit {
  kind: IceErrorKind;
  code: string;
  message: string;
  action: string;
  httpStatus?: number;
  requestId?: string;
  retryable?: boolean;
  /** A write whose fate is unknown: it may or may not have taken effect. */
  ambiguous?: boolean;
}

/** The one error type the ICE client throws. Its message is safe to show to anyone. */
export class IceError extends Error {
  override readonly name = 'IceError';
  readonly kind: IceErrorKind;
  readonly code: string;
  readonly action: string;
  readonly httpStatus: number | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  readonly ambiguous: boolean;
  /** How many attempts were made before giving up (1 = no retry). */
  attempts = 1;
  /** Whether the failed call was a write. */
  write = false;

  constructor(init: IceErrorInit) {
    super(init.message);
    this.kind = init.kind;
    this.code = init.code;
    this.action = init.action;
    this.httpStatus = init.httpStatus;
    this.requestId = init.requestId;
    this.retryable = init.retryable ?? false;
    this.ambiguous = init.ambiguous ?? false;
  }
}

const THROTTLING = /^(Throttling|RequestsTooFrequent)/;

/** Throttling codes are retryable whatever the HTTP status. */
export const isThrottlingCode = (code: string): boolean => THROTTLING.test(code);
