/**
 * Whether an EVM transaction paid what a row says: it succeeded, and it paid the row's address
 * the Done amount, as the network's own coin (the transaction's value) or as an ERC-20 Transfer
 * of the row's token; with how many confirmations. Pure: the JSON-RPC answers come in.
 */
import type { Amount } from "../money";
import { decodeTransfer, type EvmLog } from "./erc20";
import type { ChainAsset } from "./tokens";
import { addIntegerTexts, fromBaseUnits, hexToIntegerText, toBaseUnits } from "./units";

/** eth_getTransactionByHash, as far as it matters here. */
export interface EvmTransaction {
  /** Null for a contract creation. */
  to?: string | null;
  /** Hex wei. */
  value: string;
  blockNumber?: string | null;
}

/** eth_getTransactionReceipt, as far as it matters here. */
export interface EvmReceipt {
  /** "0x1" success, "0x0" reverted (absent before the Byzantium fork). */
  status?: string | null;
  blockNumber: string;
  logs: readonly EvmLog[];
}

export interface ChainLookup {
  hash: string;
  transaction: EvmTransaction | null;
  receipt: EvmReceipt | null;
}

export interface ExpectedPayment {
  address: string;
  amount: Amount;
  currency: string;
  asset: ChainAsset;
}

export interface PaymentVerdict {
  /** What the chain shows, in a few words. */
  says: string;
  /** Every difference from the row, in plain words; none when it matches. */
  problems: string[];
  /** The fewest confirmations among its transactions; undefined when none is in a block. */
  confirmations?: number;
}

/** Confirmations below this are a difference: the transaction is not final yet. */
export const MIN_CONFIRMATIONS = 1;

export function checkPayment(
  expected: ExpectedPayment,
  lookups: readonly ChainLookup[],
  latestBlock: string | undefined,
): PaymentVerdict {
  const problems: string[] = [];
  const address = expected.address.toLowerCase();
  const { asset, currency } = expected;
  const paid: string[] = [];
  const elsewhere = new Set<string>();
  let confirmations: number | undefined;
  for (const { hash, transaction, receipt } of lookups) {
    if (!transaction && !receipt) {
      problems.push(`Transaction ${hash} is not on the network.`);
      continue;
    }
    if (!receipt) {
      problems.push(`Transaction ${hash} is not in a block yet.`);
      continue;
    }
    if (receipt.status === "0x0") {
      problems.push(`Transaction ${hash} failed on chain (reverted): it moved nothing.`);
      continue;
    }
    const block = hexToIntegerText(receipt.blockNumber);
    const latest = latestBlock === undefined ? undefined : hexToIntegerText(latestBlock);
    if (block !== undefined && latest !== undefined) {
      const count = Number(BigInt(latest) - BigInt(block) + 1n);
      confirmations = Math.min(confirmations ?? count, count);
    }
    for (const transfer of transfersOf(asset, transaction, receipt)) {
      if (transfer.to === address) paid.push(transfer.value);
      else if (transfer.value !== "0") elsewhere.add(transfer.to);
    }
  }
  const decimals = asset.decimals;
  const expectedUnits = toBaseUnits(expected.amount, decimals);
  const total = addIntegerTexts(paid);
  const totalText = `${fromBaseUnits(total, decimals)} ${currency}`;
  const what = asset.kind === "native" ? currency : `${currency} (contract ${asset.contract})`;
  if (expectedUnits === undefined)
    problems.push(
      `Done amount ${expected.amount} has more decimals than ${currency} has on chain.`,
    );
  else if (paid.length === 0 && elsewhere.size > 0)
    problems.push(
      `It paid ${what} to ${[...elsewhere].join(", ")}, not to the row's address ${expected.address}.`,
    );
  else if (paid.length === 0 && problems.length === 0)
    problems.push(`It carries no transfer of ${what} to the row's address ${expected.address}.`);
  else if (paid.length > 0 && total !== expectedUnits)
    problems.push(
      `It paid ${totalText} to the row's address, not the Done amount ${expected.amount} ${currency}.`,
    );
  if (confirmations !== undefined && confirmations < MIN_CONFIRMATIONS)
    problems.push(`It has ${confirmations} confirmation(s).`);
  const says = [
    paid.length > 0 ? `paid ${totalText} to ${expected.address}` : "",
    elsewhere.size > 0 ? `paid ${currency} to ${[...elsewhere].join(", ")}` : "",
    confirmations !== undefined ? `${confirmations} confirmation(s)` : "",
  ].filter(Boolean);
  return {
    says: says.length > 0 ? says.join("; ") : "no matching transfer",
    problems,
    ...(confirmations !== undefined ? { confirmations } : {}),
  };
}

/** Transfers of the asset in one transaction: its value (native) or its Transfer events. */
function transfersOf(
  asset: ChainAsset,
  transaction: EvmTransaction | null,
  receipt: EvmReceipt,
): { to: string; value: string }[] {
  if (asset.kind === "native") {
    const value = transaction ? hexToIntegerText(transaction.value) : undefined;
    return transaction?.to && value !== undefined
      ? [{ to: transaction.to.toLowerCase(), value }]
      : [];
  }
  return receipt.logs.flatMap((log) => {
    const transfer = decodeTransfer(log);
    return transfer && transfer.token === asset.contract ? [transfer] : [];
  });
}
