/**
 * An in-process GatePay (openplatform.gateapi.io) for the batch payout endpoints, built to
 * /work/shared/reference/gatepay-api.md. It checks requests the way the real service does
 * (headers, clock window, nonce, HMAC-SHA512 signature, content type, create-batch validation in
 * the documented order), keeps batches, balances and a ledger, and moves payouts along only when
 * a test says so. Settings marked ASSUMPTION are not documented by GatePay.
 */
import { createHash, createHmac } from "node:crypto";

import Big from "big.js";

import {
  WireDrop,
  type WireHandler,
  type WireRequest,
  type WireResponse,
} from "../../support/wire";
import {
  CURRENCY_NAMES,
  DEFAULT_CHAINS,
  DEFAULT_FEES,
  type SimChain,
  type SimFees,
} from "./catalog-data";

export const GATEPAY_HOST = "openplatform.gateapi.io";

export type SuborderStatus = "INIT" | "PENDING" | "PROCESSING" | "CHECK" | "DONE" | "FAIL";
export type BatchStatus = "INIT" | "PROCESSING" | "SUCCESS" | "FAIL" | "PARTIAL";

export interface GatePaySimulatorOptions {
  /** Milliseconds since the epoch, as the server's clock. */
  clock: () => number;
  clientId: string;
  apiSecret: string;
  /** Payment-account balances (decimal text) per currency. */
  balances?: Record<string, string>;
  /** Chains per currency; replaces the defaults for the currencies given. */
  chains?: Record<string, SimChain[]>;
  /** Fees and limits per currency; replaces the defaults for the currencies given. */
  fees?: Record<string, SimFees>;
  /** ASSUMPTION: GatePay publishes no limit (only error 550238); default 100. */
  maxBatchSize?: number;
  /** ASSUMPTION: GatePay publishes no memo limit (only error 550234); default 128. */
  memoMaxLength?: number;
  /** Documented as 10 s (some pages say 5 min). */
  timestampWindowMs?: number;
  /** Receives each callback body, as GatePay would POST it to the merchant's callback URL. */
  deliverCallback?: (body: string) => void;
  /** Both forms are documented: amounts as JSON strings (newer) or numbers (older example). */
  callbackAmountsAsNumbers?: boolean;
  /** ASSUMPTION: whether creation (INIT) sends a callback; docs differ. Default false. */
  callbackOnCreate?: boolean;
  /** ASSUMPTION: the code for querying a batch that does not exist; default "400202". */
  unknownBatchCode?: string;
  /** ASSUMPTION: whether a nonce may be used twice (undocumented); default false (allowed). */
  rejectReusedNonce?: boolean;
}

export interface LedgerEntry {
  batchId: string;
  merchantWithdrawId: string;
  suborderId: string;
  currency: string;
  chain: string;
  address: string;
  memo: string;
  feeType: 0 | 1;
  amount: string;
  fee: string;
  subAmount: string;
  doneAmount: string;
  status: SuborderStatus;
  txId: string;
  errMsg: string;
}

export interface SentCallback {
  body: string;
  /** The headers GatePay signs a callback with (a web app's doPost cannot see them). */
  headers: Record<string, string>;
}

interface Suborder extends LedgerEntry {
  id: number;
  createTime: number;
  updateTime: number;
  finishTime: number;
}

interface Batch {
  batchId: string;
  status: BatchStatus;
  createTime: number;
  suborders: Suborder[];
}

interface Fault {
  http: number;
  code: string;
  message?: string;
}

const MERCHANT_ID = 10002;
const ID_PATTERN = /^[A-Za-z0-9_]{1,32}$/;
const DECIMAL = /^\d+(?:\.\d+)?$/;
const SYSTEM_CODES = new Set(["300000", "300001", "400000"]);
const DETAIL_STATUSES = new Set(["ALL", "INIT", "PENDING", "PROCESSING", "CHECK", "FAIL", "DONE"]);
const TERMINAL: ReadonlySet<SuborderStatus> = new Set(["DONE", "FAIL"]);
const AMOUNT_KEYS = ["amount", "fee", "sub_amount", "done_amount"];

class Reject extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly label?: string,
  ) {
    super(message);
  }
}

export class GatePaySimulator {
  /** Every request that reached the simulator, in order. */
  readonly received: WireRequest[] = [];
  readonly callbacks: SentCallback[] = [];

  private readonly options: GatePaySimulatorOptions;
  private readonly balances = new Map<string, Big>();
  private readonly chains: Record<string, SimChain[]>;
  private readonly fees: Record<string, SimFees>;
  private readonly batches = new Map<string, Batch>();
  private readonly nonces = new Set<string>();
  private readonly faults: Fault[] = [];
  private drop: { afterApplying: boolean } | undefined;
  private nextSuborder = 0n;

  constructor(options: GatePaySimulatorOptions) {
    this.options = options;
    this.chains = { ...DEFAULT_CHAINS, ...options.chains };
    this.fees = { ...DEFAULT_FEES, ...options.fees };
    for (const [currency, amount] of Object.entries(options.balances ?? {})) {
      this.balances.set(currency, new Big(amount));
    }
  }

  // ---- faults and state, on command -------------------------------------------------------

  /** The next `n` requests fail with this answer before anything is applied. */
  failNext(n: number, fault: { http?: number; code?: string; message?: string } = {}): void {
    for (let i = 0; i < n; i++) {
      this.faults.push({ http: fault.http ?? 500, code: fault.code ?? "300000", ...fault });
    }
  }

  /** The next request gets no answer; with afterApplying it is applied first. */
  dropNextAnswer(options: { afterApplying: boolean } = { afterApplying: true }): void {
    this.drop = options;
  }

  setBalance(currency: string, amount: string): void {
    this.balances.set(currency, new Big(amount));
  }

  balanceOf(currency: string): string {
    return (this.balances.get(currency) ?? new Big(0)).toFixed();
  }

  /** Every sub-order created, in creation order: the ground truth. */
  ledger(): LedgerEntry[] {
    return [...this.batches.values()].flatMap((batch) =>
      batch.suborders.map((s): LedgerEntry => ({
        batchId: s.batchId,
        merchantWithdrawId: s.merchantWithdrawId,
        suborderId: s.suborderId,
        currency: s.currency,
        chain: s.chain,
        address: s.address,
        memo: s.memo,
        feeType: s.feeType,
        amount: s.amount,
        fee: s.fee,
        subAmount: s.subAmount,
        doneAmount: s.doneAmount,
        status: s.status,
        txId: s.txId,
        errMsg: s.errMsg,
      })),
    );
  }

  batchStatus(batchId: string): BatchStatus | undefined {
    return this.batches.get(batchId)?.status;
  }

  // ---- lifecycle, on command --------------------------------------------------------------

  /** Moves the batch's unfinished sub-orders (or only `only`) to `status`. */
  advance(batchId: string, status: "PENDING" | "PROCESSING" | "CHECK", only?: string[]): void {
    const batch = this.mustGet(batchId);
    for (const s of batch.suborders) {
      if (TERMINAL.has(s.status) || (only && !only.includes(s.merchantWithdrawId))) continue;
      s.status = status;
      s.updateTime = this.options.clock();
    }
    this.deriveStatus(batch);
  }

  /**
   * Finishes the batch's unfinished sub-orders: DONE with a tx hash, or FAIL with `errMsg` for
   * the ids in `fail`. FAIL refunds the sub-order's debit (ASSUMPTION: undocumented, but a failed
   * withdrawal that kept the money would be a loss GatePay would not design in).
   */
  settle(
    batchId: string,
    options: {
      fail?: string[];
      errMsg?: string;
      /** A payee paid another amount than the fee mode gives (a fault at GatePay). */
      doneAmounts?: Record<string, string>;
      /** The transaction hash of a DONE sub-order, when not the simulator's own. */
      txIds?: Record<string, string>;
      /** Sub-orders left as they are (still being processed). */
      leave?: string[];
    } = {},
  ): void {
    const batch = this.mustGet(batchId);
    const now = this.options.clock();
    for (const s of batch.suborders) {
      if (TERMINAL.has(s.status) || options.leave?.includes(s.merchantWithdrawId)) continue;
      // ASSUMPTION: a fee-deducted payout that does not cover its fee fails when processed.
      const uncovered = new Big(s.doneAmount).lte(0);
      if (options.fail?.includes(s.merchantWithdrawId) || uncovered) {
        s.status = "FAIL";
        s.errMsg = uncovered
          ? "amount is not enough for the fee"
          : (options.errMsg ?? "withdraw failed");
        this.credit(s.currency, new Big(s.subAmount));
      } else {
        s.status = "DONE";
        s.txId =
          options.txIds?.[s.merchantWithdrawId] ??
          `0x${createHash("sha256").update(s.suborderId).digest("hex")}`;
        const paid = options.doneAmounts?.[s.merchantWithdrawId];
        if (paid !== undefined) s.doneAmount = new Big(paid).toFixed();
      }
      s.updateTime = now;
      s.finishTime = now;
    }
    this.deriveStatus(batch);
  }

  /** GatePay loses a sub-order: its batch answers without it (or, when it was the last, not at all). */
  forget(merchantWithdrawId: string): void {
    for (const [batchId, batch] of this.batches) {
      const index = batch.suborders.findIndex((s) => s.merchantWithdrawId === merchantWithdrawId);
      if (index < 0) continue;
      batch.suborders.splice(index, 1);
      if (batch.suborders.length === 0) this.batches.delete(batchId);
      return;
    }
    throw new Error(`No GatePay sub-order ${merchantWithdrawId} in the simulator`);
  }

  settleAll(options: Parameters<GatePaySimulator["settle"]>[1] = {}): void {
    for (const batch of this.batches.values()) {
      if (batch.suborders.some((s) => !TERMINAL.has(s.status))) this.settle(batch.batchId, options);
    }
  }

  // ---- the wire ---------------------------------------------------------------------------

  readonly handle: WireHandler = (request) => {
    this.received.push(request);
    const fault = this.faults.shift();
    if (fault) return this.fail(fault.code, fault.message ?? "System error", undefined, fault.http);
    const drop = this.drop;
    this.drop = undefined;
    if (drop && !drop.afterApplying) throw new WireDrop();
    const response = this.route(request);
    if (drop) throw new WireDrop();
    return response;
  };

  private route(request: WireRequest): WireResponse {
    const match = /^https?:\/\/([^/?#]+)(\/[^?#]*)?(?:\?([^#]*))?/i.exec(request.url);
    const host = match?.[1].toLowerCase();
    const path = match?.[2] ?? "/";
    const query = new Map(
      (match?.[3] ?? "")
        .split("&")
        .filter(Boolean)
        .map((pair) => pair.split("=").map((part) => decodeURIComponent(part)) as [string, string]),
    );
    const routeKey = `${request.method} ${path}`;
    const known = [
      "POST /v1/pay/withdraw",
      "POST /v1/pay/withdraw/query",
      "GET /v1/pay/wallet/currency_chains",
      "GET /v1/pay/wallet/withdraw_status",
      "GET /v1/pay/balance/query",
    ];
    if (host !== GATEPAY_HOST || !known.includes(routeKey)) {
      return { status: 404, body: "404 page not found", headers: { "content-type": "text/plain" } };
    }
    try {
      this.authenticate(request);
      switch (routeKey) {
        case "POST /v1/pay/withdraw":
          return this.ok(this.createBatch(parseBody(request.body)));
        case "POST /v1/pay/withdraw/query":
          return this.ok(this.queryBatch(parseBody(request.body)));
        case "GET /v1/pay/wallet/currency_chains":
          return raw(this.currencyChains(query.get("currency") ?? ""));
        case "GET /v1/pay/wallet/withdraw_status":
          return raw(this.withdrawStatus(query.get("currency") ?? ""));
        default:
          return this.ok(this.balanceList());
      }
    } catch (error) {
      if (error instanceof Reject) return this.fail(error.code, error.message, error.label);
      throw error;
    }
  }

  /** Reference section 6, step 1-2. */
  private authenticate(request: WireRequest): void {
    const h = request.headers;
    const clientId = h["x-gatepay-certificate-clientid"];
    const timestamp = h["x-gatepay-timestamp"];
    const nonce = h["x-gatepay-nonce"];
    const signature = h["x-gatepay-signature"];
    if (!clientId || clientId !== this.options.clientId) {
      throw new Reject("400004", "API identity key not found or invalid");
    }
    const window = this.options.timestampWindowMs ?? 10_000;
    if (
      !timestamp ||
      !/^\d{1,16}$/.test(timestamp) ||
      Math.abs(this.options.clock() - Number(timestamp)) > window
    ) {
      throw new Reject("400003", "Request timestamp timed out");
    }
    if (!nonce || !/^[A-Za-z0-9]{1,32}$/.test(nonce)) {
      throw new Reject("400020", "Signature nonce error");
    }
    if (this.options.rejectReusedNonce && this.nonces.has(nonce)) {
      throw new Reject("400020", "Signature nonce error");
    }
    const expected = sign(this.options.apiSecret, timestamp, nonce, request.body);
    if (!signature || signature.toLowerCase() !== expected) {
      throw new Reject("400002", "Incorrect signature result", "INVALID_SIGNATURE");
    }
    this.nonces.add(nonce);
    const contentType = (h["content-type"] ?? "").toLowerCase();
    if (request.method === "POST" && !contentType.startsWith("application/json")) {
      throw new Reject("400007", "Unsupported media type");
    }
  }

  /** Validation in the reference's order: missing fields, ids, duplicate, count, memo, precision, balance. */
  private createBatch(body: Record<string, unknown>): { batch_id: string } {
    const batchId = body.batch_id;
    const list = body.withdraw_list;
    // ASSUMPTION: GatePay lists no code for a missing batch_id or list; the general format code.
    if (
      typeof batchId !== "string" ||
      batchId === "" ||
      !Array.isArray(list) ||
      list.length === 0
    ) {
      throw new Reject("400001", "Request parameter format error");
    }
    const items = list.map((item) => (isRecord(item) ? item : {}));
    const missing: [string, string, string][] = [
      ["amount", "550239", "amount is required"],
      ["currency", "550240", "currency is required"],
      ["address", "550241", "address is required"],
      ["chain", "550242", "chain is required"],
    ];
    for (const [field, code, message] of missing) {
      if (
        items.some(
          (item) => item[field] === undefined || item[field] === null || item[field] === "",
        )
      ) {
        throw new Reject(code, message);
      }
    }
    const ids = [batchId, ...items.map((item) => String(item.merchant_withdraw_id ?? ""))];
    if (!ids.every((id) => ID_PATTERN.test(id))) {
      throw new Reject("550249", "Invalid batch_id or withdraw_order_id");
    }
    if (this.batches.has(batchId)) throw new Reject("550245", "batch_id already exists");
    if (items.length > (this.options.maxBatchSize ?? 100)) {
      throw new Reject("550238", "Too many sub-orders");
    }
    const memoMax = this.options.memoMaxLength ?? 128;
    if (items.some((item) => typeof item.memo === "string" && item.memo.length > memoMax)) {
      throw new Reject("550234", "Memo too long");
    }
    for (const item of items) {
      // ASSUMPTION: amounts must be decimal strings; undocumented code, so the format code.
      if (
        typeof item.amount !== "string" ||
        !DECIMAL.test(item.amount) ||
        new Big(item.amount).lte(0)
      ) {
        throw new Reject("400001", "Request parameter format error");
      }
      const chain = this.chainOf(String(item.currency), String(item.chain));
      // ASSUMPTION: an unknown currency/chain pair gets the general "invalid currency" code.
      if (!chain) throw new Reject("400205", "Invalid currency");
      if (decimals(item.amount) > chain.decimal) {
        throw new Reject("550235", "Amount precision exceeds allowed range");
      }
    }

    const now = this.options.clock();
    const suborders = items.map((item, i): Suborder => {
      const currency = String(item.currency);
      const chain = String(item.chain);
      const amount = new Big(String(item.amount));
      const fee = this.feeOf(currency, chain, amount);
      const feeType: 0 | 1 = item.fee_type === 1 ? 1 : 0; // omitted means 0 (SDK comment)
      return {
        id: this.batches.size * 1000 + i + 1,
        batchId,
        merchantWithdrawId: String(item.merchant_withdraw_id),
        suborderId: this.newSuborderId(),
        currency,
        chain,
        address: String(item.address),
        memo: typeof item.memo === "string" ? item.memo : "",
        feeType,
        amount: amount.toFixed(),
        fee: fee.toFixed(),
        // Reference 3.2: type 1 charges the fee on top; type 0 deducts it from the amount.
        subAmount: (feeType === 1 ? amount.plus(fee) : amount).toFixed(),
        doneAmount: (feeType === 1 ? amount : amount.minus(fee)).toFixed(),
        status: "INIT",
        txId: "",
        errMsg: "",
        createTime: now,
        updateTime: now,
        finishTime: 0,
      };
    });
    const debits = new Map<string, Big>();
    for (const s of suborders) {
      debits.set(s.currency, (debits.get(s.currency) ?? new Big(0)).plus(s.subAmount));
    }
    // The whole batch or nothing (ASSUMPTION, per the reference: 550xxx are create-time errors).
    for (const [currency, debit] of debits) {
      if (debit.gt(this.balances.get(currency) ?? 0)) {
        throw new Reject("550233", "Insufficient balance");
      }
    }
    for (const [currency, debit] of debits) this.credit(currency, debit.neg());
    const batch: Batch = { batchId, status: "INIT", createTime: now, suborders };
    this.batches.set(batchId, batch);
    if (this.options.callbackOnCreate) this.emitCallback(batch);
    return { batch_id: batchId };
  }

  private queryBatch(body: Record<string, unknown>): unknown {
    const batchId = body.batch_id;
    const detail = body.detail_status ?? "ALL";
    if (typeof batchId !== "string" || batchId === "" || typeof detail !== "string") {
      throw new Reject("400001", "Request parameter format error");
    }
    if (!DETAIL_STATUSES.has(detail)) throw new Reject("400001", "Request parameter format error");
    const batch = this.batches.get(batchId);
    if (!batch) throw new Reject(this.options.unknownBatchCode ?? "400202", "Order does not exist");
    return {
      batch_id: batch.batchId,
      merchant_id: MERCHANT_ID,
      client_id: this.options.clientId,
      status: batch.status,
      create_time: batch.createTime,
      channel_id: "",
      withdraw_list: batch.suborders
        .filter((s) => detail === "ALL" || s.status === detail)
        .map((s) => this.suborderJson(s)),
    };
  }

  private currencyChains(currency: string): unknown[] {
    // ASSUMPTION: an unknown currency answers an empty list.
    return (this.chains[currency] ?? []).map((c) => ({
      chain: c.chain,
      name_cn: c.nameCn ?? c.nameEn,
      name_en: c.nameEn,
      contract_address: "",
      is_disabled: c.disabled ? 1 : 0,
      is_deposit_disabled: 0,
      is_withdraw_disabled: c.withdrawDisabled ? 1 : 0,
      decimal: String(c.decimal),
    }));
  }

  private withdrawStatus(currency: string): unknown[] {
    const fees = this.fees[currency];
    if (!fees) return [];
    // ASSUMPTION: the day's use is every non-failed sub-order's amount; no day rollover.
    const used = this.ledger()
      .filter((s) => s.currency === currency && s.status !== "FAIL")
      .reduce((sum, s) => sum.plus(s.amount), new Big(0));
    const remain = Big(fees.dayLimit).minus(used);
    return [
      {
        currency,
        name: CURRENCY_NAMES[currency] ?? currency,
        name_cn: CURRENCY_NAMES[currency] ?? currency,
        deposit: "0",
        withdraw_percent: fees.percent,
        withdraw_fix: fees.fix,
        withdraw_day_limit: fees.dayLimit,
        withdraw_day_limit_remain: (remain.lt(0) ? new Big(0) : remain).toFixed(),
        withdraw_amount_mini: fees.min,
        withdraw_eachtime_limit: fees.eachtime,
        withdraw_fix_on_chains: fees.fixOnChains,
        withdraw_percent_on_chains: fees.percentOnChains,
      },
    ];
  }

  private balanceList(): unknown {
    const list = [...this.balances.entries()].map(([currency, amount]) => ({
      currency,
      available: amount.toFixed(),
    }));
    return { balance_list: list.length > 0 ? list : null };
  }

  // ---- helpers -----------------------------------------------------------------------------

  private chainOf(currency: string, chain: string): SimChain | undefined {
    return (this.chains[currency] ?? []).find((c) => c.chain === chain);
  }

  /** Reference 2.4: fixed fee of the chain plus the chain's percent of the amount. */
  private feeOf(currency: string, chain: string, amount: Big): Big {
    const fees = this.fees[currency];
    if (!fees) return new Big(0);
    const fix = fees.fixOnChains[chain] ?? fees.fix;
    const percent = (fees.percentOnChains[chain] ?? fees.percent).replace("%", "");
    return new Big(fix).plus(amount.times(percent).div(100));
  }

  private credit(currency: string, amount: Big): void {
    this.balances.set(currency, (this.balances.get(currency) ?? new Big(0)).plus(amount));
  }

  private newSuborderId(): string {
    this.nextSuborder += 1n;
    return String(268830764354768896n + this.nextSuborder * 7919n);
  }

  private mustGet(batchId: string): Batch {
    const batch = this.batches.get(batchId);
    if (!batch) throw new Error(`No GatePay batch ${batchId} in the simulator`);
    return batch;
  }

  private deriveStatus(batch: Batch): void {
    const statuses = batch.suborders.map((s) => s.status);
    let next: BatchStatus;
    if (statuses.every((s) => s === "DONE")) next = "SUCCESS";
    else if (statuses.every((s) => s === "FAIL")) next = "FAIL";
    else if (statuses.every((s) => TERMINAL.has(s))) next = "PARTIAL";
    else if (statuses.every((s) => s === "INIT")) next = "INIT";
    else next = "PROCESSING";
    if (next === batch.status) return;
    batch.status = next;
    this.emitCallback(batch);
  }

  private emitCallback(batch: Batch): void {
    let body = JSON.stringify({
      main_order: {
        batch_id: batch.batchId,
        merchant_id: MERCHANT_ID,
        status: batch.status,
        client_id: this.options.clientId,
        pay_back_status: "NO",
        channel_id: "",
      },
      suborders: batch.suborders.map((s) => ({
        ...this.suborderJson(s),
        batch_withdraw_id: batch.batchId,
        reconciliation_status: 0,
        is_placed: 1,
      })),
    });
    if (this.options.callbackAmountsAsNumbers) {
      // Values are our own canonical decimals, so unquoting them in the text is exact.
      const pattern = new RegExp(`"(${AMOUNT_KEYS.join("|")})":"(-?\\d+(?:\\.\\d+)?)"`, "g");
      body = body.replace(pattern, '"$1":$2');
    }
    const timestamp = String(this.options.clock());
    const nonce = createHash("sha256")
      .update(`${timestamp}:${this.callbacks.length}`)
      .digest("hex")
      .slice(0, 32);
    const headers = {
      "Content-Type": "application/json",
      "X-GatePay-Timestamp": timestamp,
      "X-GatePay-Nonce": nonce,
      "X-GatePay-Signature": sign(this.options.apiSecret, timestamp, nonce, body),
    };
    this.callbacks.push({ body, headers });
    this.options.deliverCallback?.(body);
  }

  private suborderJson(s: Suborder): Record<string, unknown> {
    return {
      id: s.id,
      batch_id: s.batchId,
      merchant_id: MERCHANT_ID,
      suborder_id: s.suborderId,
      withdraw_id: "",
      chain: s.chain,
      address: s.address,
      currency: s.currency,
      amount: s.amount,
      fee: s.fee,
      tx_id: s.txId,
      timestamp: s.finishTime,
      memo: s.memo,
      status: s.status,
      merchant_withdraw_id: s.merchantWithdrawId,
      err_msg: s.errMsg,
      client_id: this.options.clientId,
      create_time: s.createTime,
      update_time: s.updateTime,
      channel_id: "",
      fee_type: s.feeType,
      desc: "",
      finish_time: s.finishTime,
      sub_amount: s.subAmount,
      done_amount: s.doneAmount,
    };
  }

  private ok(data: unknown): WireResponse {
    return json(200, { status: "SUCCESS", code: "000000", errorMessage: "", data });
  }

  private fail(code: string, message: string, label?: string, http?: number): WireResponse {
    const status = http ?? (SYSTEM_CODES.has(code) ? 500 : 200);
    return json(status, {
      status: "FAIL",
      code,
      ...(label ? { label } : {}),
      errorMessage: message,
      data: {},
    });
  }
}

/** The signing scheme, computed independently of the client with Node's crypto. */
export function sign(secret: string, timestamp: string, nonce: string, body: string): string {
  return createHmac("sha512", secret)
    .update(`${timestamp}\n${nonce}\n${body}\n`, "utf8")
    .digest("hex");
}

function parseBody(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body);
    if (isRecord(value)) return value;
  } catch {
    // fall through
  }
  throw new Reject("400001", "Request parameter format error");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function decimals(amount: string): number {
  const fraction = amount.split(".")[1] ?? "";
  return fraction.replace(/0+$/, "").length;
}

/** GatePay's Go backend ends JSON answers with a newline. */
function json(status: number, value: unknown): WireResponse {
  return {
    status,
    body: `${JSON.stringify(value)}\n`,
    headers: { "content-type": "application/json; charset=utf-8" },
  };
}

function raw(value: unknown): WireResponse {
  return json(200, value);
}
