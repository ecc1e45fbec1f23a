/**
 * CoinGate's payout API as /work/shared/reference/coingate-api.md describes it, in memory:
 * ledger accounts, beneficiaries and payout settings, send requests with their exchange and 2FA
 * steps, callbacks, the rate limit, and faults on command. `ledger()` lists the money it moved:
 * the ground truth tests compare the sheet with.
 */
import Big from "big.js";
import {
  WireDrop,
  type WireHandler,
  type WireRequest,
  type WireResponse,
} from "../../support/wire";
import { defaultCurrencies, type SimCurrency, type SimPlatform } from "./currencies";
import { objectParam, readParams, textParam, toRailsForm, type Params } from "./params";

export type SendStatus =
  "draft" | "in_progress" | "processing" | "completed" | "failed" | "canceled" | "expired";

const TERMINAL: ReadonlySet<SendStatus> = new Set(["completed", "failed", "canceled", "expired"]);
const DEBITED_STATUSES: ReadonlySet<SendStatus> = new Set([
  "in_progress",
  "processing",
  "completed",
  "failed",
]);
const HOSTS = new Set(["api-sandbox.coingate.com", "api.coingate.com"]);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface CoinGateSimulatorOptions {
  clock: () => number;
  /** Called by `slowBy` to let time pass (a test's fake clock). */
  advanceClock?: (ms: number) => void;
  apiToken: string;
  ledgerAccounts?: { id: string; currency: string; balance: string }[];
  /** The API App requires dashboard 2FA confirmation for every send request. */
  twoFactor?: boolean;
  /** The API App's callback format. Default json. */
  callbackFormat?: "json" | "form";
  deliverCallback?: (url: string, body: string, contentType: string) => void;
  /** Order of GET /send_requests, which CoinGate does not document. Default newest_first. */
  externalIdListOrder?: "newest_first" | "oldest_first";
  /** Default 200 (CoinGate's documented default). */
  requestsPerMinute?: number;
  /** Default 60 s. */
  exchangeWindowMs?: number;
  /** Default 30 days. */
  twoFactorExpiryMs?: number;
  /** Service fee as a share of the debited amount. Default "0.01". */
  serviceFeeRate?: string;
  /** Conversion fee when the ledger currency differs from the sending one. Default "0.005". */
  conversionFeeRate?: string;
  currencies?: SimCurrency[];
  /**
   * Ids GET /platforms reports for some platforms (by id_name) instead of the catalogue's: lists
   * that disagree with supported-currencies, for Check provider setup to find.
   */
  platformListIds?: Record<string, number>;
}

interface Account {
  id: string;
  currency: SimCurrency;
  balance: Big;
}

interface BeneficiaryRecord {
  id: number;
  type: "person" | "business";
  email: string;
  country: string;
  firstName?: string;
  surname?: string;
  companyName?: string;
  companyCode?: string;
  createdAt: string;
  settingIds: number[];
}

interface SettingRecord {
  id: number;
  beneficiaryId: number;
  currency: SimCurrency;
  platform: SimPlatform;
  address: string;
  metadata: string | null;
  createdAt: string;
}

interface SendRecord {
  id: number;
  externalId: string | null;
  status: SendStatus;
  purpose: string;
  callbackUrl: string | null;
  createdAt: number;
  account: Account;
  inputAmount: Big;
  inputCurrency: SimCurrency;
  inputToSendingRate: Big;
  sendingAmount: Big;
  setting: SettingRecord;
  sendingToDebitRate: Big;
  serviceFee: Big;
  conversionFee: Big;
  debitAmount: Big;
  debited: boolean;
  requires2fa: boolean;
  exchangePending: boolean;
  exchangeDeadline: number;
  /** The host the create came to, for actions_required URLs. */
  host: string;
  txs: { txid: string; amount: string; status: string; network_confirmations: number }[];
  /** Why it failed; CoinGate's object has no such field, so it is only in `ledger()`. */
  failReason?: string;
}

export interface LedgerEntry {
  id: number;
  externalId: string | null;
  amount: string;
  currency: string;
  address: string;
  status: SendStatus;
  /** What left the ledger account ("0" until in_progress). */
  debited: string;
  debitCurrency: string;
  fee: string;
  txid?: string;
  failReason?: string;
}

type Route = (params: Params, match: RegExpMatchArray, host: string) => WireResponse;

export class CoinGateSimulator {
  readonly handle: WireHandler;
  /** Every request that reached the simulator, in order. */
  readonly received: WireRequest[] = [];

  private readonly currencies: SimCurrency[];
  private readonly accounts: Account[];
  private readonly beneficiaries: BeneficiaryRecord[] = [];
  private readonly settings: SettingRecord[] = [];
  private readonly sends: SendRecord[] = [];
  private readonly recentRequests: number[] = [];
  private readonly failQueue: number[] = [];
  private dropNext?: { afterApplying: boolean };
  private slowMs = 0;
  private nextId = { beneficiary: 201, setting: 301, send: 1001 };
  private readonly routes: [string, RegExp, Route, { public?: boolean }][];

  constructor(private readonly options: CoinGateSimulatorOptions) {
    this.currencies = options.currencies ?? defaultCurrencies();
    this.accounts = (
      options.ledgerAccounts ?? [
        { id: "01JNQWKKJ6WXN8BZT1Y66B6G9H", currency: "USDT", balance: "100000" },
      ]
    ).map((a) => ({
      id: a.id,
      currency: this.currencyBySymbol(a.currency),
      balance: new Big(a.balance),
    }));
    this.routes = [
      [
        "GET",
        /^\/send_requests\/supported-currencies$/,
        () => this.supportedCurrencies(),
        { public: true },
      ],
      ["GET", /^\/currencies$/, (p) => this.listCurrencies(p), { public: true }],
      ["GET", /^\/platforms$/, (p) => this.listPlatforms(p), { public: true }],
      ["GET", /^\/auth\/test$/, () => ok("OK"), {}],
      ["GET", /^\/ledger\/accounts$/, (p) => this.listAccounts(p), {}],
      ["GET", /^\/ledger\/accounts\/([^/]+)$/, (_, m) => this.getAccount(m[1]), {}],
      ["GET", /^\/beneficiaries$/, (p) => this.listBeneficiaries(p), {}],
      ["POST", /^\/beneficiaries$/, (p) => this.createBeneficiary(p), {}],
      ["GET", /^\/beneficiaries\/(\d+)$/, (_, m) => this.getBeneficiary(Number(m[1])), {}],
      ["GET", /^\/beneficiary_payout_settings$/, (p) => this.listSettings(p), {}],
      ["POST", /^\/beneficiary_payout_settings$/, (p) => this.createSetting(p), {}],
      [
        "GET",
        /^\/beneficiary_payout_settings\/(\d+)$/,
        (_, m) => this.getSetting(Number(m[1])),
        {},
      ],
      ["GET", /^\/send_requests$/, (p) => this.listSends(p), {}],
      ["POST", /^\/send_requests$/, (p, _, host) => this.createSend(p, host), {}],
      ["GET", /^\/send_requests\/(\d+)$/, (_, m) => this.getSend(Number(m[1])), {}],
      [
        "PATCH",
        /^\/send_requests\/(\d+)\/confirm$/,
        (_, m) => this.confirmExchange(Number(m[1])),
        {},
      ],
      [
        "PATCH",
        /^\/send_requests\/(\d+)\/cancel$/,
        (_, m) => this.cancelExchange(Number(m[1])),
        {},
      ],
    ];
    this.handle = (request) => this.serve(request);
  }

  // ---- faults and time -------------------------------------------------------------------

  /** The next `n` requests get `status` without being applied. */
  failNext(n: number, fault: { status: 500 | 429 | 503 | 502 | 504 } = { status: 500 }): void {
    for (let i = 0; i < n; i++) this.failQueue.push(fault.status);
  }

  /** The next request gets no answer (WireDrop); with afterApplying it is applied first. */
  dropNextAnswer(options: { afterApplying: boolean } = { afterApplying: true }): void {
    this.dropNext = options;
  }

  /** Every request takes `ms`: the clock is advanced through `advanceClock`. */
  slowBy(ms: number): void {
    this.slowMs = ms;
  }

  /** Expires drafts whose exchange window or 2FA period has passed. */
  tick(): void {
    const now = this.now();
    for (const send of this.sends) {
      if (send.status !== "draft") continue;
      const exchangeLate = send.exchangePending && now > send.exchangeDeadline;
      const twoFactorLate =
        send.requires2fa && now > send.createdAt + (this.options.twoFactorExpiryMs ?? 30 * DAY);
      if (exchangeLate || twoFactorLate) this.setStatus(send, "expired");
    }
  }

  // ---- lifecycle on command --------------------------------------------------------------

  /** Moves a send request (by id or external_id) to `status`, as CoinGate's back office would. */
  advance(
    ref: number | string,
    status: SendStatus,
    details: { txid?: string; failReason?: string } = {},
  ): void {
    const send = this.findSend(ref);
    if (TERMINAL.has(send.status))
      throw new Error(`Send request ${send.id} is already ${send.status}.`);
    if (DEBITED_STATUSES.has(status) && !send.debited && !this.debit(send)) return;
    if (status === "processing" || status === "completed") {
      if (!send.txs.length || details.txid) {
        send.txs = [
          {
            txid: details.txid ?? `0x${send.id.toString(16).padStart(64, "0")}`,
            amount: send.sendingAmount.toFixed(),
            status: "pending",
            network_confirmations: 0,
          },
        ];
      }
      if (status === "completed")
        for (const tx of send.txs)
          Object.assign(tx, { status: "confirmed", network_confirmations: 12 });
    }
    if (status === "failed") send.failReason = details.failReason ?? "Rejected by the network";
    this.setStatus(send, status);
  }

  /** Settles every request that is in_progress or processing; returns how many. */
  settleAll(outcome: "completed" | "failed" | "canceled" = "completed"): number {
    const open = this.sends.filter((s) => s.status === "in_progress" || s.status === "processing");
    for (const send of open) this.advance(send.id, outcome);
    return open.length;
  }

  /** A person confirms the 2FA draft in the dashboard (there is no API for it). */
  confirm2fa(ref: number | string): void {
    const send = this.findSend(ref);
    if (send.status !== "draft" || !send.requires2fa)
      throw new Error(`Send request ${send.id} awaits no 2FA.`);
    if (send.exchangePending)
      throw new Error(`Send request ${send.id} still awaits its exchange confirmation.`);
    send.requires2fa = false;
    if (this.debit(send)) this.setStatus(send, "in_progress");
  }

  /**
   * A payout made outside the add-on, straight through the API as a script or the dashboard
   * would: a beneficiary, its payout setting and a send request with this external_id, which
   * CoinGate then processes as any other. Returns the send request's id.
   */
  createOutside(payout: {
    /** Absent: a request made with no external_id (the dashboard sets none). */
    externalId?: string;
    amount: string;
    currency: string;
    platform: string;
    address: string;
  }): number {
    const currency = this.currencyBySymbol(payout.currency);
    const platform = currency.platforms.find((p) => p.id_name === payout.platform);
    const account = this.accounts.find((a) => a.currency === currency) ?? this.accounts[0];
    if (!platform) throw new Error(`${payout.currency} has no platform ${payout.platform}`);
    const call = (path: string, body: Record<string, unknown>) => {
      const answer = this.handle({
        url: `https://api-sandbox.coingate.com/v2${path}`,
        method: "POST",
        headers: {
          authorization: `Token ${this.options.apiToken}`,
          "content-type": "application/json",
        },
        body: JSON.stringify(body),
      });
      if (answer.status !== 200) throw new Error(`${path} refused: ${answer.body}`);
      return JSON.parse(answer.body) as {
        id: number;
        beneficiary_payout_settings?: { id: number }[];
      };
    };
    const beneficiary = call("/beneficiaries", {
      beneficiary_type: "person",
      email: `${(payout.externalId ?? "someone").toLowerCase()}@outside.example`,
      country: "LTU",
      person: { first_name: "Outside", surname: "Payee" },
      currency_id: String(currency.id),
      platform_id: String(platform.id),
      crypto_address: payout.address,
    });
    const settingId = beneficiary.beneficiary_payout_settings?.[0]?.id;
    return call("/send_requests", {
      ledger_account_id: account.id,
      beneficiary_payout_setting_id: String(settingId),
      amount: payout.amount,
      amount_currency_id: String(currency.id),
      purpose: "Made outside the sheet",
      ...(payout.externalId ? { external_id: payout.externalId } : {}),
    }).id;
  }

  /** CoinGate loses a send request (by id or external_id): it is in no answer any more. */
  forget(ref: number | string): void {
    this.sends.splice(this.sends.indexOf(this.findSend(ref)), 1);
  }

  /** The money this simulator moved: one entry per send request created. */
  ledger(): LedgerEntry[] {
    return this.sends.map((s) => ({
      id: s.id,
      externalId: s.externalId,
      amount: s.sendingAmount.toFixed(),
      currency: s.setting.currency.symbol,
      address: s.setting.address,
      status: s.status,
      debited: s.debited ? s.debitAmount.toFixed() : "0",
      debitCurrency: s.account.currency.symbol,
      fee: s.serviceFee.plus(s.conversionFee).toFixed(),
      ...(s.txs[0] ? { txid: s.txs[0].txid } : {}),
      ...(s.failReason ? { failReason: s.failReason } : {}),
    }));
  }

  balanceOf(accountId: string): string {
    return this.accountById(accountId)?.balance.toFixed() ?? "";
  }

  /** Beneficiaries created so far (for assertions). */
  beneficiaryCount(): number {
    return this.beneficiaries.length;
  }

  settingCount(): number {
    return this.settings.length;
  }

  // ---- the wire --------------------------------------------------------------------------

  private serve(request: WireRequest): WireResponse {
    this.received.push(request);
    if (this.slowMs) this.options.advanceClock?.(this.slowMs);
    this.tick();
    const now = this.now();
    while (this.recentRequests.length && this.recentRequests[0] <= now - MINUTE)
      this.recentRequests.shift();
    if (this.recentRequests.length >= (this.options.requestsPerMinute ?? 200)) {
      return error(429, "API request limit is exceeded", "RateLimitException");
    }
    this.recentRequests.push(now);

    const fault = this.failQueue.shift();
    if (fault !== undefined) {
      return fault === 429
        ? error(429, "API request limit is exceeded", "RateLimitException")
        : error(fault, "Internal server error", "InternalServerError");
    }
    const drop = this.dropNext;
    this.dropNext = undefined;
    if (drop && !drop.afterApplying) throw new WireDrop();
    const answer = this.route(request);
    if (drop) throw new WireDrop();
    return answer;
  }

  private route(request: WireRequest): WireResponse {
    const match = /^https:\/\/([^/?#]+)(\/api)?\/v2(\/[^?#]*)/.exec(request.url);
    if (!match || !HOSTS.has(match[1])) return error(404, "Page not found", "PageNotFound");
    const [, host, , path] = match;
    for (const [method, pattern, route, flags] of this.routes) {
      const found = path.match(pattern);
      if (method !== request.method || !found) continue;
      if (!flags.public && !this.authorized(request))
        return error(401, "Auth Token is not valid", "BadAuthToken");
      let params: Params;
      try {
        params = readParams(request);
      } catch {
        return error(400, "Bad request", "BadRequest");
      }
      return route(params, found, host);
    }
    return error(404, "Page not found", "PageNotFound");
  }

  /** Token (documented) and Bearer (what CoinGate's own SDKs send) are both accepted. */
  private authorized(request: WireRequest): boolean {
    const header = request.headers["authorization"] ?? "";
    const match = /^(Token|Bearer) (.+)$/.exec(header);
    return !!match && match[2] === this.options.apiToken;
  }

  // ---- currencies and ledger -------------------------------------------------------------

  private supportedCurrencies(): WireResponse {
    return ok(
      this.currencies
        .filter((c) => c.platforms.length)
        .map((c) => ({
          id: c.id,
          title: c.title,
          kind: c.kind,
          symbol: c.symbol,
          enabled: c.enabled,
          disabled_message: null,
          platforms: c.platforms.map((p) => ({
            id: p.id,
            id_name: p.id_name,
            title: p.title,
            enabled: p.enabled,
          })),
        })),
    );
  }

  /** ASSUMPTION: GET /currencies answers a plain array (the reference lists only the items). */
  private listCurrencies(params: Params): WireResponse {
    const symbol = textParam(params, "symbol").toUpperCase();
    const kind = textParam(params, "kind");
    return ok(
      this.currencies
        .filter((c) => (!symbol || c.symbol === symbol) && (!kind || c.kind === kind))
        .map((c) => ({
          ...currencyView(c),
          native: false,
          disabled: !c.enabled,
          disabled_message: null,
          platforms: c.platforms.map(platformView),
        })),
    );
  }

  /**
   * GET /platforms?enabled= (reference section 2.5): each platform once, with the currencies
   * paid out on it. ASSUMPTION: a plain array, like /currencies.
   */
  private listPlatforms(params: Params): WireResponse {
    const enabled = textParam(params, "enabled");
    const platforms = new Map<string, SimPlatform>();
    for (const currency of this.currencies)
      for (const platform of currency.platforms) platforms.set(platform.id_name, platform);
    return ok(
      [...platforms.values()]
        .filter((p) => enabled === "" || String(p.enabled) === enabled)
        .map((p) => ({
          id: this.options.platformListIds?.[p.id_name] ?? p.id,
          title: p.title,
          id_name: p.id_name,
          disabled: !p.enabled,
          disabled_message: null,
          currencies: this.currencies
            .filter((c) => c.platforms.some((cp) => cp.id_name === p.id_name))
            .map(currencyView),
        })),
    );
  }

  private listAccounts(params: Params): WireResponse {
    const page = paginate(this.accounts, params);
    return ok({
      current_page: page.page,
      per_page: page.perPage,
      total_accounts: this.accounts.length,
      total_pages: page.totalPages,
      accounts: page.items.map((a) => this.accountView(a)),
    });
  }

  private getAccount(id: string): WireResponse {
    const account = this.accountById(id);
    return account
      ? ok(this.accountView(account))
      : error(404, "Ledger Account not found", "LedgerAccountNotFound");
  }

  private accountView(account: Account) {
    return {
      id: account.id,
      balance: account.balance.toFixed(),
      status: "active",
      account_type: "main",
      title: `${account.currency.symbol} account`,
      currency: { ...currencyView(account.currency), enabled: true, disabled_message: null },
    };
  }

  // ---- beneficiaries ---------------------------------------------------------------------

  private listBeneficiaries(params: Params): WireResponse {
    const email = textParam(params, "email").toLowerCase();
    const type = textParam(params, "beneficiary_type");
    const id = textParam(params, "beneficiary_id");
    const name = textParam(params, "search_name").toLowerCase();
    const matching = this.beneficiaries.filter(
      (b) =>
        (!email || b.email.toLowerCase() === email) &&
        (!type || b.type === type) &&
        (!id || String(b.id) === id) &&
        (!name ||
          [b.firstName, b.surname, b.companyName].some((n) => n?.toLowerCase().includes(name))),
    );
    const page = paginate(matching, params);
    return ok({
      current_page: page.page,
      per_page: page.perPage,
      total_records: matching.length,
      total_pages: page.totalPages,
      beneficiaries: page.items.map((b) => this.beneficiaryView(b)),
    });
  }

  private getBeneficiary(id: number): WireResponse {
    const found = this.beneficiaries.find((b) => b.id === id);
    return found
      ? ok(this.beneficiaryView(found))
      : error(404, "Beneficiary not found", "BeneficiaryNotFound");
  }

  private createBeneficiary(params: Params): WireResponse {
    const errors: Record<string, string[]> = {};
    const add = (field: string, message: string) => (errors[field] ??= []).push(message);
    const type = textParam(params, "beneficiary_type");
    const email = textParam(params, "email");
    const country = textParam(params, "country");
    if (!type) add("beneficiary_type", "can't be blank");
    else if (type !== "person" && type !== "business")
      add("beneficiary_type", "is not included in the list");
    if (!email) add("email", "can't be blank");
    else if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) add("email", "is invalid");
    if (!country) add("country", "can't be blank");
    else if (!/^[A-Z]{3}$/.test(country)) add("country", "is invalid");
    const person = objectParam(params, "person");
    const business = objectParam(params, "business");
    if (type === "person") {
      if (!textParam(person, "first_name")) add("first_name", "can't be blank");
      if (!textParam(person, "surname")) add("surname", "can't be blank");
    }
    if (type === "business") {
      if (!textParam(business, "company_name")) add("company_name", "can't be blank");
      if (!textParam(business, "company_code")) add("company_code", "can't be blank");
    }
    const destination = this.readDestination(params, add);
    if (Object.keys(errors).length || !destination) {
      return error(422, "Beneficiary is not valid", "BeneficiaryIsNotValid", errors);
    }
    const beneficiary: BeneficiaryRecord = {
      id: this.nextId.beneficiary++,
      type: type as "person" | "business",
      email,
      country,
      createdAt: new Date(this.now()).toISOString(),
      settingIds: [],
      ...(type === "person"
        ? { firstName: textParam(person, "first_name"), surname: textParam(person, "surname") }
        : {
            companyName: textParam(business, "company_name"),
            companyCode: textParam(business, "company_code"),
          }),
    };
    this.beneficiaries.push(beneficiary);
    this.addSetting(beneficiary, destination);
    return ok(this.beneficiaryView(beneficiary));
  }

  private listSettings(params: Params): WireResponse {
    const page = paginate(this.settings, params);
    return ok({
      current_page: page.page,
      per_page: page.perPage,
      total_records: this.settings.length,
      total_pages: page.totalPages,
      beneficiary_payout_settings: page.items.map(settingView),
    });
  }

  private getSetting(id: number): WireResponse {
    const found = this.settings.find((s) => s.id === id);
    return found
      ? ok(settingView(found))
      : error(404, "Beneficiary payout setting not found", "BeneficiaryPayoutSettingNotFound");
  }

  private createSetting(params: Params): WireResponse {
    const errors: string[] = [];
    const beneficiary = this.beneficiaries.find(
      (b) => String(b.id) === textParam(params, "beneficiary_id"),
    );
    if (!beneficiary) errors.push("Beneficiary not found");
    const destination = this.readDestination(params, (field, message) =>
      errors.push(`${capitalize(field.replace(/_/g, " "))} ${message}`),
    );
    if (errors.length || !beneficiary || !destination) {
      return error(
        422,
        "Beneficiary payout setting is not valid",
        "BeneficiaryPayoutSettingIsNotValid",
        errors,
      );
    }
    return ok(settingView(this.addSetting(beneficiary, destination)));
  }

  private readDestination(params: Params, add: (field: string, message: string) => void) {
    const currency = this.currencies.find((c) => String(c.id) === textParam(params, "currency_id"));
    const platform = currency?.platforms.find(
      (p) => String(p.id) === textParam(params, "platform_id"),
    );
    const address = textParam(params, "crypto_address");
    if (!currency) add("currency_id", "is invalid");
    else if (!platform) add("platform_id", "is invalid");
    if (!address) add("crypto_address", "can't be blank");
    if (!currency || !platform || !address) return undefined;
    return {
      currency,
      platform,
      address,
      metadata: textParam(params, "crypto_address_metadata") || null,
    };
  }

  private addSetting(
    beneficiary: BeneficiaryRecord,
    destination: {
      currency: SimCurrency;
      platform: SimPlatform;
      address: string;
      metadata: string | null;
    },
  ): SettingRecord {
    const setting: SettingRecord = {
      id: this.nextId.setting++,
      beneficiaryId: beneficiary.id,
      ...destination,
      createdAt: new Date(this.now()).toISOString(),
    };
    this.settings.push(setting);
    beneficiary.settingIds.push(setting.id);
    return setting;
  }

  private beneficiaryView(b: BeneficiaryRecord) {
    return {
      id: b.id,
      beneficiary_type: b.type,
      ...(b.type === "person"
        ? { first_name: b.firstName, surname: b.surname }
        : { company_name: b.companyName, company_code: b.companyCode }),
      email: b.email,
      country: b.country,
      created_at: b.createdAt,
      beneficiary_payout_settings: this.settings
        .filter((s) => s.beneficiaryId === b.id)
        .map(settingView),
    };
  }

  // ---- send requests ---------------------------------------------------------------------

  private createSend(params: Params, host: string): WireResponse {
    const errors: string[] = [];
    const account = this.accountById(textParam(params, "ledger_account_id"));
    if (!account) errors.push("Ledger account is invalid");
    const setting = this.settings.find(
      (s) => String(s.id) === textParam(params, "beneficiary_payout_setting_id"),
    );
    if (!setting) errors.push("Beneficiary payout setting not found");
    const amountText = textParam(params, "amount");
    const amountValid = /^\d+(\.\d+)?$/.test(amountText) && new Big(amountText).gt(0);
    if (!amountValid) errors.push("Amount is invalid");
    const inputCurrency = this.currencies.find(
      (c) => String(c.id) === textParam(params, "amount_currency_id"),
    );
    if (!inputCurrency) errors.push("Amount currency is invalid");
    const purpose = textParam(params, "purpose");
    if (!purpose) errors.push("Purpose can't be blank");
    const externalId = textParam(params, "external_id") || null;
    if (externalId && externalId.length > 50)
      errors.push("External is too long (maximum is 50 characters)");
    // ASSUMPTION (reference section 6): a reused external_id is refused with this Rails wording;
    // CoinGate documents uniqueness but not the message.
    if (externalId && this.sends.some((s) => s.externalId === externalId)) {
      errors.push("External has already been taken");
    }
    if (errors.length || !account || !setting || !inputCurrency) {
      return error(422, "SendRequest is not valid", "SendRequestIsNotValid", errors);
    }

    const sendingCurrency = setting.currency;
    const exchange = sendingCurrency !== account.currency;
    const inputToSendingRate = this.rate(inputCurrency, sendingCurrency);
    const sendingAmount = new Big(amountText).times(inputToSendingRate).round(8, Big.roundDown);
    const sendingToDebitRate = this.rate(sendingCurrency, account.currency);
    const base = sendingAmount.times(sendingToDebitRate).round(8, Big.roundUp);
    // ASSUMPTION: fees are charged in the ledger currency, on top of the converted amount.
    const serviceFee = base.times(this.options.serviceFeeRate ?? "0.01").round(8, Big.roundUp);
    const conversionFee = exchange
      ? base.times(this.options.conversionFeeRate ?? "0.005").round(8, Big.roundUp)
      : new Big(0);
    const debitAmount = base.plus(serviceFee).plus(conversionFee);
    // ASSUMPTION: the wording of an uncovered payout is undocumented.
    if (debitAmount.gt(account.balance)) {
      return error(422, "SendRequest is not valid", "SendRequestIsNotValid", [
        "Insufficient balance",
      ]);
    }
    const send: SendRecord = {
      id: this.nextId.send++,
      externalId,
      status: "draft",
      purpose,
      callbackUrl: textParam(params, "callback_url") || null,
      createdAt: this.now(),
      account,
      inputAmount: new Big(amountText),
      inputCurrency,
      inputToSendingRate,
      sendingAmount,
      setting,
      sendingToDebitRate,
      serviceFee,
      conversionFee,
      debitAmount,
      debited: false,
      requires2fa: !!this.options.twoFactor,
      exchangePending: exchange,
      exchangeDeadline: this.now() + (this.options.exchangeWindowMs ?? MINUTE),
      host,
      txs: [],
    };
    this.sends.push(send);
    // Without 2FA or an exchange to confirm, CoinGate processes the request right away.
    if (!send.requires2fa && !send.exchangePending) {
      this.debit(send);
      if (send.debited) send.status = "in_progress";
    }
    this.emitCallback(send);
    return ok(this.sendView(send));
  }

  private listSends(params: Params): WireResponse {
    const ordered =
      (this.options.externalIdListOrder ?? "newest_first") === "newest_first"
        ? [...this.sends].reverse()
        : this.sends;
    const page = paginate(ordered, params);
    return ok({
      current_page: page.page,
      per_page: page.perPage,
      total_records: ordered.length,
      total_pages: page.totalPages,
      send_requests: page.items.map((s) => this.sendView(s)),
    });
  }

  private getSend(id: number): WireResponse {
    const send = this.sends.find((s) => s.id === id);
    return send
      ? ok(this.sendView(send))
      : error(404, "Send request not found", "SendRequestNotFound");
  }

  private confirmExchange(id: number): WireResponse {
    const send = this.sends.find((s) => s.id === id);
    if (!send) return error(404, "Send request not found", "SendRequestNotFound");
    if (send.status === "expired") return notValid("Transaction expired.");
    // ASSUMPTION: the wording for a request with no exchange to confirm is undocumented.
    if (send.status !== "draft" || !send.exchangePending)
      return notValid("Exchange is not awaiting confirmation.");
    send.exchangePending = false;
    if (!send.requires2fa && this.debit(send)) this.setStatus(send, "in_progress");
    return ok(this.sendView(send));
  }

  private cancelExchange(id: number): WireResponse {
    const send = this.sends.find((s) => s.id === id);
    if (!send) return error(404, "Send request not found", "SendRequestNotFound");
    if (send.status === "expired") return notValid("Transaction expired.");
    if (send.status !== "draft") return notValid("Send request can not be canceled.");
    send.exchangePending = false;
    this.setStatus(send, "canceled");
    return ok(this.sendView(send));
  }

  private sendView(s: SendRecord) {
    const sending = s.setting.currency;
    const debitCurrency = s.account.currency;
    const actions =
      s.status === "draft" && s.exchangePending
        ? {
            actions_required: {
              confirm: `https://${s.host}/api/v2/send_requests/${s.id}/confirm`,
              cancel: `https://${s.host}/api/v2/send_requests/${s.id}/cancel`,
            },
          }
        : {};
    return {
      id: s.id,
      status: s.status,
      purpose: s.purpose,
      callback_url: s.callbackUrl,
      created_at: new Date(s.createdAt).toISOString(),
      external_id: s.externalId,
      ledger_account: {
        id: s.account.id,
        balance: s.account.balance.toFixed(),
        status: "active",
        currency: {
          id: debitCurrency.id,
          title: debitCurrency.title,
          symbol: debitCurrency.symbol,
        },
      },
      input_amount: s.inputAmount.toFixed(),
      input_currency: currencyView(s.inputCurrency),
      sending_amount: s.sendingAmount.toFixed(),
      sending_currency: currencyView(sending),
      input_to_sending_rate: s.inputToSendingRate.toFixed(),
      sending_to_balance_debit_rate: s.sendingToDebitRate.toFixed(),
      balance_debit_amount: s.debitAmount.toFixed(),
      balance_debit_currency: currencyView(debitCurrency),
      beneficiary_payout_setting: settingView(s.setting),
      fees: {
        service_fee: { amount: s.serviceFee.toFixed(), currency: currencyView(debitCurrency) },
        conversion_fee: {
          amount: s.conversionFee.toFixed(),
          currency: currencyView(debitCurrency),
        },
      },
      blockchain_transactions: s.txs.map((t) => ({ ...t })),
      ...actions,
      requires_2fa_confirmation: s.requires2fa,
    };
  }

  // ---- internals -------------------------------------------------------------------------

  /** Takes the debit from the ledger; a request the balance no longer covers fails. */
  private debit(send: SendRecord): boolean {
    if (send.debited) return true;
    if (send.debitAmount.gt(send.account.balance)) {
      send.failReason = "Insufficient balance";
      this.setStatus(send, "failed");
      return false;
    }
    send.account.balance = send.account.balance.minus(send.debitAmount);
    send.debited = true;
    return true;
  }

  private setStatus(send: SendRecord, status: SendStatus): void {
    if (send.status === status) return;
    send.status = status;
    this.emitCallback(send);
  }

  /** Sent on create and on each status change, when the request has a callback_url. */
  private emitCallback(send: SendRecord): void {
    if (!send.callbackUrl || !this.options.deliverCallback) return;
    const view = this.sendView(send);
    if (this.options.callbackFormat === "form") {
      this.options.deliverCallback(
        send.callbackUrl,
        toRailsForm(view).join("&"),
        "application/x-www-form-urlencoded",
      );
    } else {
      this.options.deliverCallback(send.callbackUrl, JSON.stringify(view), "application/json");
    }
  }

  private rate(from: SimCurrency, to: SimCurrency): Big {
    return from === to ? new Big(1) : new Big(from.usdPrice).div(to.usdPrice).round(10);
  }

  private findSend(ref: number | string): SendRecord {
    const send = this.sends.find((s) =>
      typeof ref === "number" ? s.id === ref : s.externalId === ref,
    );
    if (!send) throw new Error(`No send request ${ref}.`);
    return send;
  }

  private accountById(id: string): Account | undefined {
    return this.accounts.find((a) => a.id === id);
  }

  private currencyBySymbol(symbol: string): SimCurrency {
    const currency = this.currencies.find((c) => c.symbol === symbol);
    if (!currency) throw new Error(`The simulator has no currency ${symbol}.`);
    return currency;
  }

  private now(): number {
    return this.options.clock();
  }
}

function platformView(p: SimPlatform) {
  return { id: p.id, id_name: p.id_name, title: p.title, enabled: p.enabled };
}

function currencyView(c: SimCurrency) {
  return { id: c.id, title: c.title, kind: c.kind, symbol: c.symbol };
}

function settingView(s: SettingRecord) {
  return {
    id: s.id,
    created_at: s.createdAt,
    beneficiary_id: s.beneficiaryId,
    platform: { id: s.platform.id, title: s.platform.title, id_name: s.platform.id_name },
    crypto_address: s.address,
    crypto_address_metadata: s.metadata,
    currency: currencyView(s.currency),
  };
}

function paginate<T>(items: T[], params: Params) {
  const perPage = Math.min(100, Math.max(1, Number(textParam(params, "per_page")) || 100));
  const page = Math.max(1, Number(textParam(params, "page")) || 1);
  return {
    page,
    perPage,
    totalPages: Math.ceil(items.length / perPage),
    items: items.slice((page - 1) * perPage, page * perPage),
  };
}

function ok(body: unknown): WireResponse {
  return {
    status: 200,
    body: JSON.stringify(body),
    headers: { "content-type": "application/json" },
  };
}

function error(status: number, message: string, reason: string, errors?: unknown): WireResponse {
  return {
    status,
    body: JSON.stringify({ message, reason, ...(errors !== undefined ? { errors } : {}) }),
    headers: { "content-type": "application/json" },
  };
}

function notValid(message: string): WireResponse {
  return error(422, "SendRequest is not valid", "SendRequestIsNotValid", [message]);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
