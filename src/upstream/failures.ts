/** Failures raised inside an upstream call, before classify() turns them into GatewayErrors. */

/** The call's deadline passed (used as the abort reason). */
export class DeadlineExceeded extends Error {
  constructor(readonly timeoutMs: number) {
    super(`deadline of ${timeoutMs} ms passed`);
    this.name = new.target.name;
  }
}

/** The upstream answered 5xx. */
export class UpstreamStatusFailure extends Error {
  constructor(readonly status: number) {
    super(`upstream answered ${status}`);
    this.name = new.target.name;
  }
}

/** The body could not be read as the expected JSON (malformed, wrong shape, or too large). */
export class UnreadableBody extends Error {
  constructor(reason: string, options?: ErrorOptions) {
    super(reason, options);
    this.name = new.target.name;
  }
}
