/** The Memo cell checked against a network's memo rule (see network-list.ts). */
import type { NetworkInfo } from "./network-list";
import { utf8Length } from "./utf8";

export type MemoCheck = { ok: true } | { ok: false; reason: string };

const UINT32_MAX = 4294967295;

/** `memo` is the trimmed cell text ("" when empty). Reasons are whole sentences. */
export function checkMemo(network: NetworkInfo, memo: string): MemoCheck {
  const name = network.memoName ?? "memo";
  if (memo === "") {
    return network.memo === "required"
      ? { ok: false, reason: `${network.title} payouts need a ${name} in Memo.` }
      : { ok: true };
  }
  if (network.memo === "none") {
    return { ok: false, reason: `${network.title} does not use a memo: leave Memo empty.` };
  }
  if (network.memoFormat === "uint32") {
    if (!/^\d+$/.test(memo) || memo.length > 10 || Number(memo) > UINT32_MAX) {
      return {
        ok: false,
        reason: `The ${name} must be a whole number from 0 to ${UINT32_MAX}.`,
      };
    }
    return { ok: true };
  }
  if (network.memoMaxLength !== undefined && utf8Length(memo) > network.memoMaxLength) {
    return {
      ok: false,
      reason: `The ${name} is longer than ${network.memoMaxLength} bytes allowed on ${network.title}.`,
    };
  }
  return { ok: true };
}
