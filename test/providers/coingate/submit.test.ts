import { asAmount } from "../../../src/domain/money";
import Big from "big.js";
import type { Http } from "../../../src/ports";
import { createCoinGateProvider } from "../../../src/providers/coingate";
import { ProviderError } from "../../../src/providers/provider";
import { parseRailsForm } from "../../simulators/coingate/params";
import { BTC_ACCOUNT, CALLBACK_URL, calls, payout, setUp, TOKEN, USDT_ACCOUNT } from "./harness";

const TWO_FACTOR_NOTE =
  "Confirm this payout in the CoinGate dashboard (Payouts > Outgoing payments) within 30 days.";

describe("CoinGate submit", () => {
  it("creates a send request and reports what CoinGate debited", () => {
    const { provider, http, sim } = setUp();
    const [outcome] = provider.submit([payout({ amount: asAmount("10.5") })]);
    const [entry] = sim.ledger();
    expect(outcome).toEqual({
      kind: "created",
      snapshot: {
        payoutId: "P1",
        status: "PROCESSING",
        providerStatus: "in_progress",
        providerId: String(entry.id),
        fee: entry.fee,
        feeCurrency: "USDT",
        sentAmount: entry.debited,
      },
    });
    expect(entry).toMatchObject({
      externalId: "P1",
      amount: "10.5",
      currency: "USDT",
      address: "TXYZabc123",
      status: "in_progress",
      debited: "10.605",
      fee: "0.105",
    });
    const create = http.sent.find((r) => r.method === "POST" && r.url.endsWith("/send_requests"))!;
    expect(create.headers.authorization).toBe(`Token ${TOKEN}`);
    expect(create.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(parseRailsForm(create.body)).toEqual({
      ledger_account_id: USDT_ACCOUNT,
      beneficiary_payout_setting_id: "301",
      amount: "10.5",
      amount_currency_id: "97",
      purpose: "March commission",
      callback_url: CALLBACK_URL,
      external_id: "P1",
    });
  });

  it("denominates the amount in another currency through its CoinGate id", () => {
    const { provider, http, sim } = setUp();
    const [outcome] = provider.submit([payout({ amount: asAmount("100"), amountCurrency: "EUR" })]);
    expect(outcome.kind).toBe("created");
    expect(calls(http.sent, "GET", "/currencies")).toHaveLength(1);
    const create = http.sent.find((r) => r.method === "POST" && r.url.endsWith("/send_requests"))!;
    expect(parseRailsForm(create.body).amount_currency_id).toBe("2");
    expect(sim.ledger()[0].amount).toBe("108");
  });

  it("uses the configured ledger account", () => {
    const { provider, sim } = setUp({ config: { ledgerAccountId: USDT_ACCOUNT } });
    provider.submit([payout()]);
    expect(sim.balanceOf(USDT_ACCOUNT)).toBe("9989.395");
  });

  it("marks a 2FA draft NEEDS_ACTION with what to do", () => {
    const { provider, sim } = setUp({ sim: { twoFactor: true } });
    const [outcome] = provider.submit([payout()]);
    expect(outcome).toMatchObject({
      kind: "created",
      snapshot: { status: "NEEDS_ACTION", providerStatus: "draft", note: TWO_FACTOR_NOTE },
    });
    expect(outcome.kind === "created" && outcome.snapshot.sentAmount).toBeUndefined();
    expect(sim.ledger()[0].debited).toBe("0");
  });

  it("confirms an exchange at once through the URL CoinGate returned", () => {
    const { provider, http, sim } = setUp({
      config: { exchange: "confirm", ledgerAccountId: BTC_ACCOUNT },
    });
    const [outcome] = provider.submit([payout({ amount: asAmount("60") })]);
    const patch = http.sent.find((r) => r.method === "PATCH")!;
    expect(patch.url).toMatch(
      /^https:\/\/api-sandbox\.coingate\.com\/api\/v2\/send_requests\/\d+\/confirm$/,
    );
    expect(outcome).toMatchObject({
      kind: "created",
      snapshot: { status: "PROCESSING", providerStatus: "in_progress", feeCurrency: "BTC" },
    });
    const [entry] = sim.ledger();
    expect(entry).toMatchObject({ status: "in_progress", debitCurrency: "BTC" });
    // Service and conversion fee are both in BTC, so the snapshot adds them up.
    expect(outcome.kind === "created" && outcome.snapshot).toMatchObject({
      fee: entry.fee,
      sentAmount: entry.debited,
    });
    expect(new Big(sim.balanceOf(BTC_ACCOUNT)).plus(entry.debited).eq(1)).toBe(true);
  });

  it("cancels an exchange when the policy says cancel", () => {
    const { provider, http, sim } = setUp({ config: { ledgerAccountId: BTC_ACCOUNT } });
    const [outcome] = provider.submit([payout({ amount: asAmount("60") })]);
    expect(calls(http.sent, "PATCH")).toHaveLength(1);
    expect(http.sent.find((r) => r.method === "PATCH")!.url).toMatch(/\/cancel$/);
    expect(outcome).toMatchObject({
      kind: "created",
      snapshot: {
        status: "CANCELED",
        providerStatus: "canceled",
        note: "CoinGate asked to confirm an exchange from BTC to USDT; it was canceled, as COINGATE_EXCHANGE=cancel says.",
      },
    });
    expect(sim.ledger()[0]).toMatchObject({ status: "canceled", debited: "0" });
    expect(sim.balanceOf(BTC_ACCOUNT)).toBe("1");
  });

  it("rejects with CoinGate's reason as one sentence", () => {
    const { provider } = setUp({
      sim: { ledgerAccounts: [{ id: USDT_ACCOUNT, currency: "USDT", balance: "5" }] },
    });
    expect(provider.submit([payout({ amount: asAmount("10") })])).toEqual([
      {
        kind: "rejected",
        payoutId: "P1",
        reason: "CoinGate refused the payout: Insufficient balance.",
      },
    ]);
  });

  it("rejects a row whose currency has no ledger account, naming the accounts", () => {
    const { provider, http } = setUp();
    const [outcome] = provider.submit([
      payout({ currency: "ETH", network: "ethereum", address: "0x1" }),
    ]);
    expect(outcome).toEqual({
      kind: "rejected",
      payoutId: "P1",
      reason:
        "CoinGate has no active ETH ledger account to pay from (accounts: USDT, BTC). " +
        "Set COINGATE_LEDGER_ACCOUNT_ID to choose one.",
    });
    expect(calls(http.sent, "POST")).toEqual([]);
  });

  it("adopts the existing send request when the Payout ID was already used", () => {
    const { newRun, sim } = setUp();
    const [first] = newRun().submit([payout()]);
    const [again] = newRun().submit([payout()]);
    expect(again).toEqual(first);
    expect(sim.ledger()).toHaveLength(1);
  });

  it("leaves a create that got a 500 unknown and never resends it", () => {
    const { provider, http, sim } = setUp();
    provider.submit([payout({ payoutId: "P0" })]); // warms catalog, ledger and payee
    sim.failNext(1, { status: 500 });
    const [outcome] = provider.submit([payout({ payoutId: "P1" })]);
    expect(outcome).toMatchObject({ kind: "unknown", payoutId: "P1" });
    expect(outcome.kind === "unknown" && outcome.reason).toContain("HTTP 500 InternalServerError");
    const creates = http.sent.filter(
      (r) =>
        r.method === "POST" &&
        r.url.endsWith("/send_requests") &&
        r.body.includes("external_id=P1"),
    );
    expect(creates).toHaveLength(1);
    expect(sim.ledger().map((e) => e.externalId)).toEqual(["P0"]);
  });

  it("retries a create refused with 429 after a backoff", () => {
    const { provider, sim, clock } = setUp();
    provider.submit([payout({ payoutId: "P0" })]);
    sim.failNext(2, { status: 429 });
    const [outcome] = provider.submit([payout({ payoutId: "P1" })]);
    expect(outcome).toMatchObject({ kind: "created", snapshot: { payoutId: "P1" } });
    expect(clock.sleeps).toEqual([1000, 2000]);
    expect(sim.ledger().map((e) => e.externalId)).toEqual(["P0", "P1"]);
  });

  it("leaves a create whose answer was lost unknown; recover then finds it", () => {
    const { provider, sim, newRun } = setUp();
    provider.submit([payout({ payoutId: "P0" })]);
    sim.dropNextAnswer({ afterApplying: true });
    const [outcome] = provider.submit([payout({ payoutId: "P1" })]);
    expect(outcome).toMatchObject({ kind: "unknown", payoutId: "P1" });

    const [found] = newRun().recover([{ payoutId: "P1" }]);
    expect(found).toMatchObject({
      kind: "found",
      snapshot: { payoutId: "P1", status: "PROCESSING", providerId: String(sim.ledger()[1].id) },
    });
  });

  it("throws an auth ProviderError on a bad token, without the token", () => {
    const { newRun } = setUp({ config: { apiToken: "wrong-token-42" } });
    let thrown: unknown;
    try {
      newRun().submit([payout()]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProviderError);
    expect((thrown as ProviderError).kind).toBe("auth");
    expect((thrown as ProviderError).message).toBe(
      "CoinGate rejected the API token (401 BadAuthToken). Check COINGATE_API_TOKEN.",
    );
    expect((thrown as Error).message).not.toContain("wrong-token-42");
  });
});

describe("CoinGate submit, answers paired with the creates by position", () => {
  it("takes an answer list shorter than the creates as answers lost: every create unknown", () => {
    const { http, clock, config, directory, sim } = setUp();
    // An Http that loses the first answer of a batch of creates (UrlFetchApp never does).
    const short: Http = {
      fetchAll(requests) {
        const answers = http.fetchAll(requests);
        const creates = requests.some(
          (r) => r.method === "post" && r.url.endsWith("/send_requests"),
        );
        return creates ? answers.slice(1) : answers;
      },
    };
    const provider = createCoinGateProvider({ http: short, clock, payees: directory, config });
    const outcomes = provider.submit([
      payout({ payoutId: "P1" }),
      payout({ payoutId: "P2", amount: asAmount("20") }),
    ]);
    // Never P2's answer taken for P1: both may exist, and are looked up before any resend.
    expect(outcomes.map((o) => [o.kind, "payoutId" in o ? o.payoutId : undefined])).toEqual([
      ["unknown", "P1"],
      ["unknown", "P2"],
    ]);
    expect(sim.ledger().map((entry) => entry.externalId)).toEqual(["P1", "P2"]);
  });
});
