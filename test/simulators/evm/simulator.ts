/**
 * An Ethereum JSON-RPC node in memory, for reconciliation's on-chain checks: a ledger of
 * transactions mined into blocks (native transfers and ERC-20 transfers, successful or
 * reverted), answering eth_blockNumber, eth_getTransactionByHash and eth_getTransactionReceipt,
 * singly or in batches, with faults on command. Quantities are hex as on the real wire; amounts
 * are given in decimal and converted with BigInt, never a float.
 */
import { createHash } from "node:crypto";
import type { WireRequest, WireResponse } from "../../support/wire";
import { WireDrop } from "../../support/wire";

export const TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

export interface EvmSimulatorOptions {
  /** Blocks already mined when the node starts. Default 19,000,000. */
  startBlock?: number;
  /** Largest batch the node answers (public nodes refuse larger ones). Default 100. */
  maxBatch?: number;
  /** Called with the time each request takes, to let a test's clock move. */
  advanceClock?: (ms: number) => void;
  /** Time each HTTP request takes. Default 0. */
  latencyMs?: number;
}

export interface ChainTransfer {
  hash: string;
  block: number;
  from: string;
  /** The recipient of the value, or of the tokens. */
  to: string;
  /** Decimal amount and the asset's decimals. */
  amount: string;
  decimals: number;
  /** The token contract; absent for the network's own coin. */
  token?: string;
  success: boolean;
}

const SENDER = "0x00000000000000000000000000000000000a11ce";

export class EvmSimulator {
  /** Every request that reached the node, in order. */
  readonly received: WireRequest[] = [];
  private readonly transfers = new Map<string, ChainTransfer>();
  private head: number;
  private faults: WireResponse[] = [];
  private dropNext = false;
  private nextNonce = 0;

  constructor(private readonly options: EvmSimulatorOptions = {}) {
    this.head = options.startBlock ?? 19_000_000;
  }

  // ---- the ledger, on command -----------------------------------------------------------

  /** Mines a transfer into the next block; returns its hash (given, or made up). */
  send(transfer: {
    to: string;
    amount: string;
    decimals?: number;
    token?: string;
    hash?: string;
    from?: string;
    success?: boolean;
  }): string {
    const hash =
      transfer.hash ?? `0x${createHash("sha256").update(`tx-${this.nextNonce++}`).digest("hex")}`;
    this.head++;
    this.transfers.set(hash.toLowerCase(), {
      hash,
      block: this.head,
      from: transfer.from ?? SENDER,
      to: transfer.to,
      amount: transfer.amount,
      decimals: transfer.decimals ?? 18,
      ...(transfer.token ? { token: transfer.token } : {}),
      success: transfer.success ?? true,
    });
    return hash;
  }

  /** Mines `count` empty blocks (confirmations). */
  mine(count = 1): void {
    this.head += count;
  }

  blockNumber(): number {
    return this.head;
  }

  ledger(): ChainTransfer[] {
    return [...this.transfers.values()];
  }

  /** The next `n` HTTP requests answer `status` (default 503) with no JSON-RPC body. */
  failNext(n: number, status = 503): void {
    for (let i = 0; i < n; i++) this.faults.push({ status, body: "Service Unavailable" });
  }

  /** The next HTTP request gets no answer at all. */
  dropNextAnswer(): void {
    this.dropNext = true;
  }

  // ---- the wire ---------------------------------------------------------------------------

  readonly handle = (request: WireRequest): WireResponse => {
    this.received.push(request);
    if (this.options.latencyMs) this.options.advanceClock?.(this.options.latencyMs);
    if (this.dropNext) {
      this.dropNext = false;
      throw new WireDrop();
    }
    const fault = this.faults.shift();
    if (fault) return fault;
    if (request.method !== "POST") return json(405, { error: "POST only" });
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      return json(200, rpcError(null, -32700, "Parse error"));
    }
    if (!Array.isArray(body)) return json(200, this.answer(body));
    if (body.length === 0) return json(200, rpcError(null, -32600, "Empty batch"));
    if (body.length > (this.options.maxBatch ?? 100))
      return json(200, rpcError(null, -32600, "Batch too large"));
    // Answers come back in any order: a client must match them by id.
    return json(200, body.map((call) => this.answer(call)).reverse());
  };

  private answer(call: unknown): unknown {
    const {
      id = null,
      method,
      params,
    } = (call ?? {}) as {
      id?: unknown;
      method?: unknown;
      params?: unknown;
    };
    const hash = Array.isArray(params) && typeof params[0] === "string" ? params[0] : "";
    switch (method) {
      case "eth_blockNumber":
        return result(id, hex(BigInt(this.head)));
      case "eth_getTransactionByHash":
        return result(id, this.transaction(hash));
      case "eth_getTransactionReceipt":
        return result(id, this.receipt(hash));
      default:
        return rpcError(id, -32601, "Method not found");
    }
  }

  private transaction(hash: string): unknown {
    const t = this.transfers.get(hash.toLowerCase());
    if (!t) return null;
    const units = toUnits(t.amount, t.decimals);
    return {
      hash: t.hash,
      blockNumber: hex(BigInt(t.block)),
      blockHash: `0x${createHash("sha256").update(`block-${t.block}`).digest("hex")}`,
      from: t.from,
      to: t.token ?? t.to,
      value: t.token ? "0x0" : hex(units),
      // transfer(address,uint256) for a token transfer.
      input: t.token ? `0xa9059cbb${word(t.to)}${units.toString(16).padStart(64, "0")}` : "0x",
      gas: "0x5208",
      nonce: "0x1",
    };
  }

  private receipt(hash: string): unknown {
    const t = this.transfers.get(hash.toLowerCase());
    if (!t) return null;
    const logs =
      t.token && t.success
        ? [
            {
              address: t.token,
              topics: [TRANSFER_TOPIC, `0x${word(t.from)}`, `0x${word(t.to)}`],
              data: `0x${toUnits(t.amount, t.decimals).toString(16).padStart(64, "0")}`,
              blockNumber: hex(BigInt(t.block)),
              transactionHash: t.hash,
              logIndex: "0x0",
            },
          ]
        : [];
    return {
      transactionHash: t.hash,
      blockNumber: hex(BigInt(t.block)),
      from: t.from,
      to: t.token ?? t.to,
      status: t.success ? "0x1" : "0x0",
      gasUsed: "0x5208",
      logs,
    };
  }
}

/** A decimal amount in smallest units, exactly. */
export function toUnits(amount: string, decimals: number): bigint {
  const [whole, fraction = ""] = amount.split(".");
  if (fraction.length > decimals) throw new Error(`${amount} has more than ${decimals} decimals`);
  return BigInt(whole + fraction.padEnd(decimals, "0"));
}

function hex(value: bigint): string {
  return `0x${value.toString(16)}`;
}

/** An address left-padded to a 32-byte word (no 0x). */
function word(address: string): string {
  return address.toLowerCase().replace(/^0x/, "").padStart(64, "0");
}

function result(id: unknown, value: unknown) {
  return { jsonrpc: "2.0", id, result: value };
}

function rpcError(id: unknown, code: number, message: string) {
  return { jsonrpc: "2.0", id, error: { code, message } };
}

function json(status: number, value: unknown): WireResponse {
  return { status, body: JSON.stringify(value), headers: { "content-type": "application/json" } };
}
