/**
 * Turns each payout's payee into a CoinGate beneficiary payout setting id: from the directory,
 * else an existing beneficiary (looked up by email and type), else a new payout setting on that
 * beneficiary, else a new beneficiary. Each payee is created at most once per run.
 */
import { pairUp } from "../../domain/pairs";
import type { PayoutInstruction } from "../../domain/payout";
import type { ApiCall, ApiFailure, ApiResult, CoinGateApi } from "./api-client";
import { sameSymbol, type CoinGateCatalog } from "./catalog";
import type { PayeeDirectory } from "./config";
import { detailOf, refusalSentence, runWideError } from "./errors";
import { payeeKey } from "./payee-key";
import {
  beneficiariesPage,
  beneficiary as beneficiarySchema,
  payoutSetting as payoutSettingSchema,
  type Beneficiary,
  type PayoutSetting,
} from "./schemas";

export type PayeeOutcome =
  | { kind: "ok"; settingId: string }
  | { kind: "rejected"; reason: string }
  | { kind: "unknown"; reason: string };

interface Payee {
  key: string;
  payout: PayoutInstruction;
  currencyId: string;
  platformId: string;
}

/** Payees that are the same beneficiary (one person or company) with different addresses. */
interface BeneficiaryGroup {
  payees: [Payee, ...Payee[]];
  existing?: Beneficiary;
}

export class PayeeResolver {
  constructor(
    private readonly api: CoinGateApi,
    private readonly catalog: CoinGateCatalog,
    private readonly directory: PayeeDirectory,
  ) {}

  /** One outcome per payout id. */
  resolve(payouts: PayoutInstruction[]): Map<string, PayeeOutcome> {
    const byKey = new Map<string, PayeeOutcome>();
    const misses = new Map<string, Payee>();
    for (const payout of payouts) {
      const key = payeeKey(payout);
      if (byKey.has(key) || misses.has(key)) continue;
      const known = this.directory.get(key);
      if (known) {
        byKey.set(key, { kind: "ok", settingId: known });
        continue;
      }
      const destination = this.catalog.destination(payout.currency, payout.network);
      if ("problem" in destination)
        byKey.set(key, { kind: "rejected", reason: destination.problem });
      else misses.set(key, { key, payout, ...destination });
    }
    if (misses.size) {
      // Saved however the round ends: a payee created before a run-wide error is kept too.
      try {
        this.resolveMisses([...misses.values()], byKey);
      } finally {
        this.directory.save();
      }
    }
    return new Map(payouts.map((p) => [p.payoutId, byKey.get(payeeKey(p)) as PayeeOutcome]));
  }

  private resolveMisses(payees: Payee[], outcomes: Map<string, PayeeOutcome>): void {
    const groups = new Map<string, BeneficiaryGroup>();
    for (const payee of payees) {
      const id = identityOf(payee.payout);
      const group = groups.get(id);
      if (group) group.payees.push(payee);
      else groups.set(id, { payees: [payee] });
    }
    const found = this.findBeneficiaries(payees, outcomes);
    for (const group of groups.values()) {
      const payout = group.payees[0].payout;
      if (outcomes.has(group.payees[0].key)) continue; // the lookup failed
      group.existing = found
        .get(searchKey(payout))
        ?.find((b) => b.beneficiary_type === typeOf(payout) && sameName(b, payout));
      if (!group.existing) continue;
      for (const payee of group.payees) {
        const setting = group.existing.beneficiary_payout_settings?.find((s) => matches(s, payee));
        if (setting) this.record(payee, setting.id, outcomes);
      }
    }

    // Round 1: a new beneficiary per unknown person or company, and new settings on known ones.
    const round1: { payee: Payee; call: ApiCall; group: BeneficiaryGroup }[] = [];
    for (const group of groups.values()) {
      for (const payee of group.payees) {
        if (outcomes.has(payee.key)) continue;
        if (group.existing) {
          round1.push({ payee, group, call: settingCall(group.existing.id, payee) });
        } else if (!round1.some((r) => r.group === group)) {
          round1.push({ payee, group, call: beneficiaryCall(payee) });
        }
      }
    }
    this.apply(round1, outcomes);

    // Round 2: the other addresses of beneficiaries created in round 1.
    const round2: { payee: Payee; call: ApiCall; group: BeneficiaryGroup }[] = [];
    for (const group of groups.values()) {
      for (const payee of group.payees) {
        if (outcomes.has(payee.key)) continue;
        const created = group.existing;
        if (created) round2.push({ payee, group, call: settingCall(created.id, payee) });
        else outcomes.set(payee.key, outcomeOfGroup(group, outcomes));
      }
    }
    this.apply(round2, outcomes);
  }

  /** Beneficiaries by `searchKey`; a failed lookup settles its payees as unknown. */
  private findBeneficiaries(payees: Payee[], outcomes: Map<string, PayeeOutcome>) {
    const searches = [...new Set(payees.map((p) => searchKey(p.payout)))];
    const found = new Map<string, Beneficiary[]>();
    const first = this.api.callAll(searches.map((s) => beneficiariesCall(s, 1)));
    const more: { search: string; page: number }[] = [];
    for (const [search, result] of pairUp(searches, first, "CoinGate beneficiary searches")) {
      const page = this.readPage(result);
      if ("failure" in page) {
        this.failSearch(search, page.failure, payees, outcomes);
        continue;
      }
      found.set(search, page.beneficiaries);
      for (let n = 2; n <= page.totalPages; n++) more.push({ search, page: n });
    }
    const rest = this.api.callAll(more.map((m) => beneficiariesCall(m.search, m.page)));
    for (const [{ search }, result] of pairUp(more, rest, "CoinGate beneficiary pages")) {
      const page = this.readPage(result);
      if ("failure" in page) this.failSearch(search, page.failure, payees, outcomes);
      else found.get(search)?.push(...page.beneficiaries);
    }
    return found;
  }

  private readPage(
    result: ApiResult,
  ): { failure: ApiFailure } | { beneficiaries: Beneficiary[]; totalPages: number } {
    if (!result.ok) {
      if (result.kind === "http" && result.status === 401) throw runWideError(result);
      return { failure: result as ApiFailure };
    }
    const parsed = beneficiariesPage.safeParse(result.data);
    if (!parsed.success) {
      const failure: ApiFailure = {
        kind: "http",
        status: result.status,
        error: { message: "the beneficiaries answer was not in the documented shape" },
      };
      return { failure };
    }
    return { beneficiaries: parsed.data.beneficiaries, totalPages: parsed.data.total_pages ?? 1 };
  }

  private failSearch(
    search: string,
    failure: ApiFailure,
    payees: Payee[],
    outcomes: Map<string, PayeeOutcome>,
  ): void {
    for (const payee of payees) {
      if (searchKey(payee.payout) !== search) continue;
      outcomes.set(payee.key, {
        kind: "unknown",
        reason: `Could not look up the payee at CoinGate (${detailOf(failure)}); the payout was not sent.`,
      });
    }
  }

  /** Sends the creates of one round and records what each gave. */
  private apply(
    round: { payee: Payee; call: ApiCall; group: BeneficiaryGroup }[],
    outcomes: Map<string, PayeeOutcome>,
  ): void {
    const results = this.api.callAll(round.map((r) => r.call));
    for (const [{ payee, call, group }, result] of pairUp(
      round,
      results,
      "CoinGate payee creates",
    )) {
      const isBeneficiary = call.path === "/beneficiaries";
      if (!result.ok) {
        if (result.kind === "http" && result.status === 401) throw runWideError(result);
        outcomes.set(payee.key, failureOutcome(result, isBeneficiary));
        continue;
      }
      if (isBeneficiary) {
        const parsed = beneficiarySchema.safeParse(result.data);
        const setting = parsed.success
          ? (parsed.data.beneficiary_payout_settings?.find((s) => matches(s, payee)) ??
            parsed.data.beneficiary_payout_settings?.[0])
          : undefined;
        if (parsed.success) group.existing = parsed.data;
        if (setting) this.record(payee, setting.id, outcomes);
        else outcomes.set(payee.key, unreadableOutcome("beneficiary"));
      } else {
        const parsed = payoutSettingSchema.safeParse(result.data);
        if (parsed.success) this.record(payee, parsed.data.id, outcomes);
        else outcomes.set(payee.key, unreadableOutcome("payout setting"));
      }
    }
  }

  private record(payee: Payee, settingId: string, outcomes: Map<string, PayeeOutcome>): void {
    this.directory.put(payee.key, settingId);
    outcomes.set(payee.key, { kind: "ok", settingId });
  }
}

function failureOutcome(failure: ApiFailure, isBeneficiary: boolean): PayeeOutcome {
  const subject = isBeneficiary ? "the beneficiary" : "the payee's payout address";
  if (
    failure.kind === "http" &&
    failure.status >= 400 &&
    failure.status < 500 &&
    failure.status !== 429
  ) {
    return { kind: "rejected", reason: refusalSentence(subject, failure) };
  }
  return {
    kind: "unknown",
    reason: `Could not set up the payee at CoinGate (${detailOf(failure)}); the payout was not sent.`,
  };
}

function unreadableOutcome(what: string): PayeeOutcome {
  return {
    kind: "unknown",
    reason: `CoinGate's ${what} answer was not in the documented shape; the payout was not sent.`,
  };
}

/** Payees whose beneficiary failed to be created share its outcome. */
function outcomeOfGroup(
  group: BeneficiaryGroup,
  outcomes: Map<string, PayeeOutcome>,
): PayeeOutcome {
  const settled = group.payees.map((p) => outcomes.get(p.key)).find((o) => o && o.kind !== "ok");
  return settled ?? { kind: "unknown", reason: "The payee could not be set up at CoinGate." };
}

function beneficiariesCall(search: string, page: number): ApiCall {
  const [beneficiary_type, email] = JSON.parse(search) as [string, string];
  return {
    method: "get",
    path: "/beneficiaries",
    query: { email, beneficiary_type, per_page: 100, page },
  };
}

function beneficiaryCall(payee: Payee): ApiCall {
  const p = payee.payout;
  const type = typeOf(p);
  return {
    method: "post",
    path: "/beneficiaries",
    form: {
      beneficiary_type: type,
      email: p.email,
      country: p.country,
      ...(type === "business"
        ? { business: { company_name: p.recipient, company_code: p.companyCode } }
        : { person: splitName(p.recipient) }),
      currency_id: payee.currencyId,
      platform_id: payee.platformId,
      crypto_address: p.address,
      crypto_address_metadata: p.memo,
    },
  };
}

function settingCall(beneficiaryId: string, payee: Payee): ApiCall {
  return {
    method: "post",
    path: "/beneficiary_payout_settings",
    form: {
      beneficiary_id: beneficiaryId,
      currency_id: payee.currencyId,
      platform_id: payee.platformId,
      crypto_address: payee.payout.address,
      crypto_address_metadata: payee.payout.memo,
    },
  };
}

/**
 * CoinGate wants a first name and a surname; the sheet has one Recipient cell. The surname is
 * taken as the last word ("Anna Maria Berg" -> "Anna Maria" + "Berg"): it keeps multi-word given
 * names whole, and is wrong only for multi-word surnames, which CoinGate's compliance tolerates
 * better than a split given name. A one-word name goes whole into first_name.
 */
export function splitName(recipient: string): { first_name: string; surname: string } {
  const name = recipient.trim().replace(/\s+/g, " ");
  const space = name.lastIndexOf(" ");
  if (space < 0) return { first_name: name, surname: "" };
  return { first_name: name.slice(0, space), surname: name.slice(space + 1) };
}

function typeOf(payout: PayoutInstruction): string {
  return payout.recipientType ?? "person";
}

function searchKey(payout: PayoutInstruction): string {
  return JSON.stringify([typeOf(payout), payout.email ?? ""]);
}

function identityOf(payout: PayoutInstruction): string {
  return JSON.stringify([searchKey(payout), normalize(payout.recipient), payout.country ?? ""]);
}

function sameName(b: Beneficiary, payout: PayoutInstruction): boolean {
  const name =
    typeOf(payout) === "business"
      ? (b.company_name ?? "")
      : `${b.first_name ?? ""} ${b.surname ?? ""}`;
  return normalize(name) === normalize(payout.recipient);
}

function matches(setting: PayoutSetting, payee: Payee): boolean {
  return (
    sameSymbol(setting.currency.symbol, payee.payout.currency) &&
    setting.platform.id_name === payee.payout.network &&
    setting.crypto_address === payee.payout.address &&
    (setting.crypto_address_metadata ?? "") === (payee.payout.memo ?? "")
  );
}

function normalize(text: string): string {
  return text.trim().replace(/\s+/g, " ").toLowerCase();
}
