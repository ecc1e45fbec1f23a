import { WireDrop, type WireRequest } from "../../support/wire";
import { CoinGateSimulator, type CoinGateSimulatorOptions } from "./simulator";

const TOKEN = "sim-token";
const USDT = "01AAAAAAAAAAAAAAAAAAAAUSDT";
const BTC = "01AAAAAAAAAAAAAAAAAAAAABTC";

function make(options: Partial<CoinGateSimulatorOptions> = {}) {
  let time = Date.parse("2025-03-01T00:00:00Z");
  const callbacks: { url: string; body: string; contentType: string }[] = [];
  const sim = new CoinGateSimulator({
    clock: () => time,
    advanceClock: (ms) => (time += ms),
    apiToken: TOKEN,
    ledgerAccounts: [
      { id: USDT, currency: "USDT", balance: "1000" },
      { id: BTC, currency: "BTC", balance: "1" },
    ],
    deliverCallback: (url, body, contentType) => callbacks.push({ url, body, contentType }),
    ...options,
  });
  const send = (
    method: string,
    path: string,
    body: { form?: string; json?: unknown } = {},
    auth: string | null = `Token ${TOKEN}`,
  ) => {
    const headers: Record<string, string> = {};
    if (auth) headers.authorization = auth;
    if (body.form !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
    if (body.json !== undefined) headers["content-type"] = "application/json";
    const request: WireRequest = {
      url: path.startsWith("https://") ? path : `https://api-sandbox.coingate.com${path}`,
      method,
      headers,
      body: body.form ?? (body.json !== undefined ? JSON.stringify(body.json) : ""),
    };
    const answer = sim.handle(request);
    return { status: answer.status, json: JSON.parse(answer.body) };
  };
  /** A beneficiary with a USDT/tron payout setting; returns the setting id. */
  const payee = (address = "TADDR") =>
    send("POST", "/v2/beneficiaries", {
      form:
        "beneficiary_type=person&email=a%40b.com&country=LTU&person[first_name]=Ann&person[surname]=Lee" +
        `&currency_id=97&platform_id=4&crypto_address=${address}`,
    }).json.beneficiary_payout_settings[0].id as number;
  const create = (fields: Record<string, string | number>) =>
    send("POST", "/v2/send_requests", {
      form: Object.entries({
        amount_currency_id: 97,
        purpose: "x",
        ledger_account_id: USDT,
        ...fields,
      })
        .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
        .join("&"),
    });
  return { sim, send, payee, create, callbacks, advance: (ms: number) => (time += ms) };
}

describe("CoinGate simulator", () => {
  it("accepts Token and Bearer, refuses anything else with BadAuthToken", () => {
    const { send } = make();
    expect(send("GET", "/v2/ledger/accounts").status).toBe(200);
    expect(send("GET", "/api/v2/ledger/accounts", {}, `Bearer ${TOKEN}`).status).toBe(200);
    expect(send("GET", "/v2/ledger/accounts", {}, "Token nope")).toEqual({
      status: 401,
      json: { message: "Auth Token is not valid", reason: "BadAuthToken" },
    });
    expect(send("GET", "/v2/ledger/accounts", {}, null).status).toBe(401);
    expect(send("GET", "/v2/send_requests/supported-currencies", {}, null).status).toBe(200);
    expect(send("GET", "/v3/ledger/accounts").status).toBe(404);
  });

  it("lists /platforms and /currencies publicly, with the same ids as supported-currencies", () => {
    const { send } = make();
    const supported = send("GET", "/v2/send_requests/supported-currencies", {}, null).json;
    const usdt = supported.find((c: { symbol: string }) => c.symbol === "USDT");
    const platforms = send("GET", "/v2/platforms", {}, null).json;
    expect(platforms.find((p: { id_name: string }) => p.id_name === "tron")).toMatchObject({
      id: 4,
      title: "Tron",
      disabled: false,
    });
    expect(platforms.find((p: { id_name: string }) => p.id_name === "polygon").currencies).toEqual([
      { id: 97, title: "Tether", kind: "crypto", symbol: "USDT" },
    ]);
    const [listed] = send("GET", "/v2/currencies?symbol=USDT", {}, null).json;
    expect(listed.id).toBe(usdt.id);
    expect(listed.platforms).toEqual(usdt.platforms);
    expect(send("GET", "/v2/platforms?enabled=false", {}, null).json).toEqual([]);
  });

  it("reports other platform ids in /platforms when told to (lists that disagree)", () => {
    const { send } = make({ platformListIds: { polygon: 139 } });
    const platforms = send("GET", "/v2/platforms", {}, null).json;
    expect(platforms.find((p: { id_name: string }) => p.id_name === "polygon").id).toBe(139);
    expect(platforms.find((p: { id_name: string }) => p.id_name === "tron").id).toBe(4);
  });

  it("pages ledger accounts with total_accounts, reading the query before the body", () => {
    const { send } = make();
    const page = send("GET", "/v2/ledger/accounts?per_page=1&page=2", { form: "page=1" }).json;
    expect(page).toMatchObject({ current_page: 2, per_page: 1, total_accounts: 2, total_pages: 2 });
    expect(page.accounts.map((a: { id: string }) => a.id)).toEqual([BTC]);
    const fromBody = send("GET", "/v2/ledger/accounts", { form: "per_page=1&page=2" }).json;
    expect(fromBody.accounts[0].id).toBe(BTC);
  });

  it("validates beneficiaries with errors keyed by field", () => {
    const { send } = make();
    const answer = send("POST", "/v2/beneficiaries", {
      json: { beneficiary_type: "person", email: "bad", currency_id: 97, platform_id: 1 },
    });
    expect(answer).toEqual({
      status: 422,
      json: {
        message: "Beneficiary is not valid",
        reason: "BeneficiaryIsNotValid",
        errors: {
          email: ["is invalid"],
          country: ["can't be blank"],
          first_name: ["can't be blank"],
          surname: ["can't be blank"],
          crypto_address: ["can't be blank"],
        },
      },
    });
  });

  it("lists beneficiaries by email and type with their payout settings", () => {
    const { send, payee } = make();
    const setting = payee();
    const found = send("GET", "/v2/beneficiaries?email=a%40b.com&beneficiary_type=person").json;
    expect(found.total_records).toBe(1);
    expect(found.beneficiaries[0].beneficiary_payout_settings[0]).toMatchObject({
      id: setting,
      crypto_address: "TADDR",
      platform: { id_name: "tron" },
      currency: { symbol: "USDT" },
    });
    expect(send("GET", "/v2/beneficiaries?beneficiary_type=business").json.total_records).toBe(0);
    expect(
      send("POST", "/v2/beneficiary_payout_settings", {
        form: "beneficiary_id=999&currency_id=97&platform_id=4&crypto_address=T",
      }).json,
    ).toEqual({
      message: "Beneficiary payout setting is not valid",
      reason: "BeneficiaryPayoutSettingIsNotValid",
      errors: ["Beneficiary not found"],
    });
  });

  it("validates send requests with errors as a list, including a reused external_id", () => {
    const { create, payee } = make();
    const setting = payee();
    expect(
      create({ ledger_account_id: "nope", beneficiary_payout_setting_id: 1, amount: "-1" }).json,
    ).toEqual({
      message: "SendRequest is not valid",
      reason: "SendRequestIsNotValid",
      errors: [
        "Ledger account is invalid",
        "Beneficiary payout setting not found",
        "Amount is invalid",
      ],
    });
    expect(
      create({ beneficiary_payout_setting_id: setting, amount: "1", external_id: "E1" }).status,
    ).toBe(200);
    expect(
      create({ beneficiary_payout_setting_id: setting, amount: "1", external_id: "E1" }).json
        .errors,
    ).toEqual(["External has already been taken"]);
    expect(create({ beneficiary_payout_setting_id: setting, amount: "5000" }).json.errors).toEqual([
      "Insufficient balance",
    ]);
  });

  it("debits the balance when a request reaches in_progress, not while it is a 2FA draft", () => {
    const { create, payee, sim } = make({ twoFactor: true });
    const answer = create({
      beneficiary_payout_setting_id: payee(),
      amount: "100",
      external_id: "E1",
    });
    expect(answer.json).toMatchObject({ status: "draft", requires_2fa_confirmation: true });
    expect(answer.json.actions_required).toBeUndefined();
    expect(sim.balanceOf(USDT)).toBe("1000");
    sim.confirm2fa("E1");
    expect(sim.balanceOf(USDT)).toBe("899");
    expect(sim.ledger()[0]).toMatchObject({ status: "in_progress", debited: "101", fee: "1" });
  });

  it("asks to confirm an exchange only when the ledger currency differs, for one minute", () => {
    const { create, payee, send, advance, sim } = make();
    const setting = payee();
    expect(
      create({ beneficiary_payout_setting_id: setting, amount: "1" }).json.actions_required,
    ).toBeUndefined();

    const draft = create({
      beneficiary_payout_setting_id: setting,
      amount: "60",
      ledger_account_id: BTC,
    }).json;
    expect(draft.status).toBe("draft");
    expect(draft.actions_required.confirm).toBe(
      `https://api-sandbox.coingate.com/api/v2/send_requests/${draft.id}/confirm`,
    );
    advance(61_000);
    expect(send("PATCH", draft.actions_required.confirm)).toEqual({
      status: 422,
      json: {
        message: "SendRequest is not valid",
        reason: "SendRequestIsNotValid",
        errors: ["Transaction expired."],
      },
    });
    expect(sim.ledger()[1]).toMatchObject({ status: "expired", debited: "0" });

    const second = create({
      beneficiary_payout_setting_id: setting,
      amount: "60",
      ledger_account_id: BTC,
    }).json;
    advance(59_000);
    expect(send("PATCH", `/v2/send_requests/${second.id}/confirm`).json.status).toBe("in_progress");
    expect(sim.balanceOf(BTC)).not.toBe("1");
  });

  it("expires drafts on tick when their window has passed", () => {
    const { create, payee, sim, advance } = make();
    create({ beneficiary_payout_setting_id: payee(), amount: "60", ledger_account_id: BTC });
    advance(60_001);
    sim.tick();
    expect(sim.ledger()[0].status).toBe("expired");
  });

  it("lists send requests paged with total_records, in the configured order", () => {
    for (const order of ["newest_first", "oldest_first"] as const) {
      const { create, payee, send } = make({ externalIdListOrder: order });
      const setting = payee();
      for (let i = 0; i < 3; i++)
        create({ beneficiary_payout_setting_id: setting, amount: "1", external_id: `E${i}` });
      const page = send("GET", "/v2/send_requests?per_page=2&page=1").json;
      expect(page).toMatchObject({ total_records: 3, total_pages: 2, per_page: 2 });
      expect(page.send_requests.map((s: { external_id: string }) => s.external_id)).toEqual(
        order === "newest_first" ? ["E2", "E1"] : ["E0", "E1"],
      );
    }
  });

  it("emits a callback on create and on each status change, JSON or form", () => {
    for (const format of ["json", "form"] as const) {
      const { create, payee, sim, callbacks } = make({ callbackFormat: format });
      create({
        beneficiary_payout_setting_id: payee(),
        amount: "1",
        external_id: "E1",
        callback_url: "https://cb/x?token=t",
      });
      sim.advance("E1", "processing", { txid: "tx9" });
      sim.advance("E1", "completed");
      expect(callbacks.map((c) => c.url)).toEqual([
        "https://cb/x?token=t",
        "https://cb/x?token=t",
        "https://cb/x?token=t",
      ]);
      const last = callbacks[2];
      if (format === "json") {
        expect(last.contentType).toBe("application/json");
        expect(JSON.parse(last.body)).toMatchObject({
          status: "completed",
          callback_url: "https://cb/x?token=t",
        });
      } else {
        expect(last.contentType).toBe("application/x-www-form-urlencoded");
        const form = new URLSearchParams(last.body);
        expect(form.get("status")).toBe("completed");
        expect(form.get("blockchain_transactions[][txid]")).toBe("tx9");
        expect(form.get("fees[service_fee][amount]")).toBe("0.01");
      }
    }
  });

  it("answers 429 RateLimitException above the limit per rolling minute", () => {
    const { send, advance } = make({ requestsPerMinute: 3 });
    for (let i = 0; i < 3; i++) expect(send("GET", "/v2/ledger/accounts").status).toBe(200);
    expect(send("GET", "/v2/ledger/accounts")).toEqual({
      status: 429,
      json: { message: "API request limit is exceeded", reason: "RateLimitException" },
    });
    advance(60_000);
    expect(send("GET", "/v2/ledger/accounts").status).toBe(200);
  });

  it("fails, drops and slows requests on command", () => {
    const { send, sim, create, payee } = make();
    sim.failNext(1, { status: 503 });
    expect(send("GET", "/v2/ledger/accounts").status).toBe(503);
    expect(send("GET", "/v2/ledger/accounts").status).toBe(200);

    const setting = payee();
    sim.dropNextAnswer({ afterApplying: true });
    expect(() =>
      create({ beneficiary_payout_setting_id: setting, amount: "1", external_id: "D1" }),
    ).toThrow(WireDrop);
    sim.dropNextAnswer({ afterApplying: false });
    expect(() =>
      create({ beneficiary_payout_setting_id: setting, amount: "1", external_id: "D2" }),
    ).toThrow(WireDrop);
    expect(sim.ledger().map((e) => e.externalId)).toEqual(["D1"]);
  });

  it("lets time pass per request when slowed", () => {
    let time = 0;
    const sim = new CoinGateSimulator({
      clock: () => time,
      advanceClock: (ms) => (time += ms),
      apiToken: TOKEN,
    });
    sim.slowBy(250);
    sim.handle({
      url: "https://api.coingate.com/v2/auth/test",
      method: "GET",
      headers: { authorization: `Token ${TOKEN}` },
      body: "",
    });
    expect(time).toBe(250);
  });
});

describe("CoinGate simulator lifecycle", () => {
  it("settles every request in progress and records the money moved", () => {
    const { create, payee, sim } = make({ twoFactor: true });
    const setting = payee();
    create({ beneficiary_payout_setting_id: setting, amount: "10", external_id: "A" });
    create({ beneficiary_payout_setting_id: setting, amount: "20", external_id: "B" });
    sim.confirm2fa("A");
    expect(sim.settleAll("completed")).toBe(1);
    expect(sim.ledger()).toEqual([
      expect.objectContaining({
        externalId: "A",
        status: "completed",
        debited: "10.1",
        txid: expect.any(String),
      }),
      expect.objectContaining({ externalId: "B", status: "draft", debited: "0" }),
    ]);
    expect(() => sim.advance("A", "failed")).toThrow("already completed");
  });
});
