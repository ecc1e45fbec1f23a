/** Payout and batch IDs: the idempotency keys sent to the providers (CONTRACT section 3). */

/** CoinGate external_id / GatePay merchant_withdraw_id and batch_id rules. */
export const PAYOUT_ID_PATTERN = /^[A-Za-z0-9_]{1,32}$/;

const RANDOM_HEX_LENGTH = 16;

export function isValidPayoutId(text: string): boolean {
  return PAYOUT_ID_PATTERN.test(text);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** 16 lower-case hex characters taken from `randomHex` (the caller's random source). */
function randomPart(randomHex: string): string {
  const part = randomHex.slice(0, RANDOM_HEX_LENGTH).toLowerCase();
  if (!/^[0-9a-f]{16}$/.test(part)) {
    throw new Error(`Need at least ${RANDOM_HEX_LENGTH} random hex characters`);
  }
  return part;
}

function utcDate(now: Date): string {
  if (Number.isNaN(now.getTime())) throw new Error("Invalid date for an ID");
  return `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`;
}

/** E.g. `P20260105_9f86d081884c7d65` (26 characters): the UTC day, then 64 random bits. */
export function newPayoutId(now: Date, randomHex: string): string {
  return `P${utcDate(now)}_${randomPart(randomHex)}`;
}

/** E.g. `B20260105143000_9f86d081884c7d65` (32 characters): the UTC second, then 64 random bits. */
export function newBatchId(now: Date, randomHex: string): string {
  const time = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  return `B${utcDate(now)}${time}_${randomPart(randomHex)}`;
}
