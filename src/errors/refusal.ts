/** A refusal decided by this server (bad input, wrong state, no approval): it never reaches the cloud. */
export class Refusal extends Error {
  override readonly name = 'Refusal';
  constructor(
    message: string,
    readonly code = 'InvalidParameter',
  ) {
    super(message);
  }
}
