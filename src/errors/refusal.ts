/** A refusal decided by this server (bad input, wrong state, no approval): it never reaches the cloud. */
export class Refusal extends Error {
  override readonly name = 'Refusal';
  constructor(
    message: string,
    readonly code = 'InvalidParameter',
    /** The message is built from parts already made safe (a rendered preview): shown as it is. */
    readonly verbatim = false,
  ) {
    super(message);
  }
}
