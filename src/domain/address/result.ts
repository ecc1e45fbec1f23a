/** What every address check returns: ok, or a reason in plain words. */
export type AddressCheck = { ok: true } | { ok: false; reason: string };

export const VALID: AddressCheck = { ok: true };

export function invalid(reason: string): AddressCheck {
  return { ok: false, reason };
}

export interface AddressOptions {
  /** Accept the test network's address forms instead of the main network's. */
  testnet: boolean;
}
