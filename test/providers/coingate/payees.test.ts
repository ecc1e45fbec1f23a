import { payeeKey } from "../../../src/providers/coingate";
import { parseRailsForm } from "../../simulators/coingate/params";
import { calls, MapDirectory, payout, setUp } from "./harness";

function formOf(body: string) {
  return parseRailsForm(body);
}

describe("CoinGate payees", () => {
  it("creates a person beneficiary once and reuses it for a repeat payee", () => {
    const { provider, http, sim, directory } = setUp();
    const outcomes = provider.submit([payout({ payoutId: "P1" }), payout({ payoutId: "P2" })]);
    expect(outcomes.map((o) => o.kind)).toEqual(["created", "created"]);
    expect(calls(http.sent, "POST", "/beneficiaries")).toHaveLength(1);
    expect(calls(http.sent, "GET", "/beneficiaries")).toHaveLength(1);
    expect(sim.beneficiaryCount()).toBe(1);
    expect(directory.entries.get(payeeKey(payout()))).toBe("301");

    const created = http.sent.find((r) => r.method === "POST" && r.url.endsWith("/beneficiaries"));
    expect(formOf(created!.body)).toEqual({
      beneficiary_type: "person",
      email: "anna@example.com",
      country: "LTU",
      person: { first_name: "Anna Maria", surname: "Berg" },
      currency_id: "97",
      platform_id: "4",
      crypto_address: "TXYZabc123",
    });
  });

  it("asks nothing about a payee the directory knows", () => {
    const { newRun, http } = setUp();
    newRun().submit([payout({ payoutId: "P1" })]);
    const before = http.sent.length;
    newRun().submit([payout({ payoutId: "P2" })]);
    const later = calls(http.sent.slice(before));
    expect(later.filter((c) => c.includes("beneficiar"))).toEqual([]);
  });

  it("creates a business beneficiary with company name and code, and the memo", () => {
    const { provider, http } = setUp();
    const [outcome] = provider.submit([
      payout({
        recipientType: "business",
        recipient: "Acme Trading UAB",
        companyCode: "304512345",
        network: "solana",
        address: "So1anaAddr",
        memo: "12345",
      }),
    ]);
    expect(outcome.kind).toBe("created");
    const created = http.sent.find((r) => r.method === "POST" && r.url.endsWith("/beneficiaries"));
    const form = formOf(created!.body);
    expect(form.beneficiary_type).toBe("business");
    expect(form.business).toEqual({ company_name: "Acme Trading UAB", company_code: "304512345" });
    expect(form.crypto_address_metadata).toBe("12345");
    expect(form.currency_id).toBe("97");
    expect(form.platform_id).toBe("20");
  });

  it("finds an existing beneficiary at CoinGate and adds only a missing address", () => {
    const { newRun, http, sim } = setUp();
    newRun().submit([payout({ payoutId: "P1" })]);
    // A new installation: the directory is empty, CoinGate already knows the payee.
    const fresh = newRun(new MapDirectory());
    const before = http.sent.length;
    const outcomes = fresh.submit([
      payout({ payoutId: "P2" }),
      payout({ payoutId: "P3", network: "ethereum", address: "0xabc" }),
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(["created", "created"]);
    const later = calls(http.sent.slice(before));
    expect(later.filter((c) => c.includes("beneficiar"))).toEqual([
      "GET /beneficiaries",
      "POST /beneficiary_payout_settings",
    ]);
    expect(sim.beneficiaryCount()).toBe(1);
    expect(sim.settingCount()).toBe(2);
  });

  it("creates one beneficiary per person even with two new addresses in one run", () => {
    const { provider, http, sim } = setUp();
    const outcomes = provider.submit([
      payout({ payoutId: "P1" }),
      payout({ payoutId: "P2", network: "ethereum", address: "0xabc" }),
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(["created", "created"]);
    expect(calls(http.sent, "POST", "/beneficiaries")).toHaveLength(1);
    expect(calls(http.sent, "POST", "/beneficiary_payout_settings")).toHaveLength(1);
    expect(sim.beneficiaryCount()).toBe(1);
  });

  it("rejects the row with CoinGate's field errors in one sentence", () => {
    const { provider, http } = setUp();
    const [outcome] = provider.submit([payout({ email: "not-an-email", country: "" })]);
    expect(outcome).toEqual({
      kind: "rejected",
      payoutId: "P1",
      reason: "CoinGate refused the beneficiary: email is invalid; country can't be blank.",
    });
    expect(calls(http.sent, "POST", "/send_requests")).toEqual([]);
  });
});
