/**
 * On-chain checks (CHAIN_RPC_URLS): every completed payout on an EVM network with a node set is
 * looked up by its tx hash (eth_getTransactionByHash, eth_getTransactionReceipt, and the
 * network's eth_blockNumber for its confirmations), in batched JSON-RPC requests sent together,
 * and held against the row: it succeeded, it paid the row's address the Done amount in the row's
 * currency, and it is in a block. Any difference is a CHAIN_MISMATCH line.
 */
import * as z from "zod/mini";
import { pairUp } from "../../domain/pairs";
import { resolveNetwork, type NetworkInfo } from "../../domain/networks";
import {
  checkPayment,
  type ChainLookup,
  type ExpectedPayment,
} from "../../domain/evm/payment-check";
import { parseRpcUrls } from "../../domain/evm/rpc-urls";
import { chainAsset, parseTokenOverrides, type TokenOverrides } from "../../domain/evm/tokens";
import { asAmount } from "../../domain/money";
import type { PayoutRecord } from "../../domain/record";
import { recordInput } from "../../domain/record-inputs";
import type { ReconciliationException } from "../../domain/reconciliation/exceptions";
import type { Http, Store } from "../../ports";
import { KEYS } from "../keys";
import type { Providers } from "../providers";
import { sendRpcBatches, type RpcAnswer, type RpcBatch } from "./chain-rpc";

/** Payouts per JSON-RPC batch (two calls each, plus one): under the usual node limits. */
export const PAYOUTS_PER_RPC_BATCH = 20;
/** Payouts checked per step (the batches of a step go out in one fetchAll). */
export const PAYOUTS_PER_CHAIN_STEP = 100;

export interface ChainSettings {
  /** JSON-RPC endpoint by network key. */
  urls: ReadonlyMap<string, string>;
  tokens: TokenOverrides;
  /** Settings that could not be used, in plain words (never a URL). */
  warnings: string[];
}

export function readChainSettings(store: Store): ChainSettings {
  const warnings: string[] = [];
  const rpc = parseRpcUrls(store.get(KEYS.chainRpcUrls) ?? "");
  if (rpc.bad.length > 0)
    warnings.push(
      `${KEYS.chainRpcUrls} has entries that cannot be used (${rpc.bad.join(", ")}): each must be an EVM network and an https:// URL.`,
    );
  const tokens = parseTokenOverrides(store.get(KEYS.chainTokens) ?? "");
  if (!tokens.ok)
    warnings.push(
      `${KEYS.chainTokens} has entries that cannot be used (${tokens.bad.join(", ")}): each must be NETWORK:SYMBOL:0xCONTRACT:DECIMALS.`,
    );
  return { urls: rpc.urls, tokens: tokens.ok ? tokens.overrides : new Map(), warnings };
}

export interface ChainTarget {
  record: PayoutRecord;
  network: NetworkInfo;
  url: string;
  expected: ExpectedPayment;
  hashes: string[];
}

const EVM_TX_HASH = /^0x[0-9a-fA-F]{64}$/;

export type TargetOutcome =
  | { kind: "target"; target: ChainTarget }
  /** Not a payout to check on chain (not completed, not EVM, no node for its network). */
  | { kind: "none" }
  /** One to check, which cannot be: the reason, in plain words. */
  | { kind: "unchecked"; reason: string }
  | { kind: "line"; line: ReconciliationException };

/** Whether and how a payout is checked on chain. */
export function chainTarget(
  record: PayoutRecord,
  providers: Providers,
  settings: ChainSettings,
): TargetOutcome {
  const txText = record.details.txHash ?? "";
  if (record.status !== "COMPLETED" || !txText) return { kind: "none" };
  const provider = providers.get(record.provider);
  if (!provider) return { kind: "none" };
  const resolved = resolveNetwork(provider.entry.networks, recordInput(record, "network"));
  if (!resolved.ok || resolved.network.family !== "evm") return { kind: "none" };
  const network = resolved.network;
  const url = settings.urls.get(network.key);
  if (!url) return { kind: "none" };
  if (provider.setup.testnet)
    return { kind: "unchecked", reason: `${record.provider} pays on a test network` };
  const currency = recordInput(record, "currency").toUpperCase();
  const asset = chainAsset(network.key, currency, settings.tokens);
  if (!asset)
    return {
      kind: "unchecked",
      reason: `${currency} on ${network.title} is not in the token table (add it to ${KEYS.chainTokens})`,
    };
  const address = recordInput(record, "address");
  const done = record.details.doneAmount;
  if (!address || !done)
    return { kind: "unchecked", reason: "the record has no address or Done amount" };
  const hashes = txText.split(/\s+/).filter(Boolean);
  const expected = { address, amount: asAmount(done), currency, asset };
  if (!hashes.every((hash) => EVM_TX_HASH.test(hash)))
    return {
      kind: "line",
      line: mismatch(record, network, expected, "no transaction", [
        `Tx hash ${txText} is not an ${network.title} transaction hash (0x and 64 hex digits).`,
      ]),
    };
  return { kind: "target", target: { record, network, url, expected, hashes } };
}

const transactionSchema = z.nullable(
  z.object({ to: z.nullish(z.string()), value: z.string(), blockNumber: z.nullish(z.string()) }),
);
const receiptSchema = z.nullable(
  z.object({
    status: z.nullish(z.string()),
    blockNumber: z.string(),
    logs: z.array(z.object({ address: z.string(), topics: z.array(z.string()), data: z.string() })),
  }),
);

export interface ChainStepResult {
  lines: ReconciliationException[];
  checked: number;
  /** Why payouts could not be checked (a node that did not answer), in plain words. */
  unchecked: string[];
}

/** Checks the targets: one JSON-RPC batch per network and chunk, all sent in one fetchAll. */
export function checkOnChain(http: Http, targets: readonly ChainTarget[]): ChainStepResult {
  const chunks: { batch: RpcBatch; targets: ChainTarget[] }[] = [];
  const byUrl = new Map<string, ChainTarget[]>();
  for (const target of targets) byUrl.set(target.url, [...(byUrl.get(target.url) ?? []), target]);
  for (const [url, list] of byUrl) {
    for (let i = 0; i < list.length; i += PAYOUTS_PER_RPC_BATCH) {
      const part = list.slice(i, i + PAYOUTS_PER_RPC_BATCH);
      const [first] = part;
      if (!first) break;
      const calls = [
        { method: "eth_blockNumber", params: [] },
        ...part.flatMap((target) =>
          target.hashes.flatMap((hash) => [
            { method: "eth_getTransactionByHash", params: [hash] },
            { method: "eth_getTransactionReceipt", params: [hash] },
          ]),
        ),
      ];
      chunks.push({ batch: { url, network: first.network.title, calls }, targets: part });
    }
  }
  const answers = sendRpcBatches(
    http,
    chunks.map((chunk) => chunk.batch),
  );
  const result: ChainStepResult = { lines: [], checked: 0, unchecked: [] };
  for (const [chunk, [latest, ...rest]] of pairUp(chunks, answers, "Node batches")) {
    let next = 0;
    for (const target of chunk.targets) {
      const own = rest.slice(next, next + target.hashes.length * 2);
      next += target.hashes.length * 2;
      const lookups = readLookups(target.hashes, own);
      if (typeof lookups === "string") {
        result.unchecked.push(lookups);
        continue;
      }
      result.checked++;
      const latestBlock =
        latest?.ok && typeof latest.result === "string" ? latest.result : undefined;
      const verdict = checkPayment(target.expected, lookups, latestBlock);
      if (verdict.problems.length > 0)
        result.lines.push(
          mismatch(target.record, target.network, target.expected, verdict.says, verdict.problems),
        );
    }
  }
  return result;
}

/** The lookups of a payout's hashes, or why they cannot be read. */
function readLookups(hashes: string[], answers: RpcAnswer[]): ChainLookup[] | string {
  const lookups: ChainLookup[] = [];
  for (const [i, hash] of hashes.entries()) {
    const [byHash, byReceipt] = [answers[2 * i], answers[2 * i + 1]];
    if (!byHash?.ok) return byHash?.reason ?? "no answer";
    if (!byReceipt?.ok) return byReceipt?.reason ?? "no answer";
    const transaction = transactionSchema.safeParse(byHash.result);
    const receipt = receiptSchema.safeParse(byReceipt.result);
    if (!transaction.success || !receipt.success)
      return "a node's answer was not a transaction and receipt in the JSON-RPC shape";
    lookups.push({ hash, transaction: transaction.data, receipt: receipt.data });
  }
  return lookups;
}

function mismatch(
  record: PayoutRecord,
  network: NetworkInfo,
  expected: ExpectedPayment,
  says: string,
  problems: string[],
): ReconciliationException {
  return {
    kind: "CHAIN_MISMATCH",
    payoutId: record.payoutId,
    provider: record.provider,
    recordSays: `COMPLETED: ${expected.amount} ${expected.currency} to ${expected.address} on ${network.title}, tx ${record.details.txHash ?? ""}`,
    providerSays: `on chain: ${says}`,
    explanation:
      `${problems.join(" ")} The provider reports this payout paid, but the chain does not show ` +
      "that payment: open the transaction on the explorer, and ask the provider before paying again.",
  };
}
