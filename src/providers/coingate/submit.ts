/**
 * Creates one send request per payout, in parallel chunks, and answers any exchange
 * confirmation right after its chunk (CoinGate allows one minute). A create is never resent
 * here: after a 5xx or a lost answer it may exist, and the row is left for recovery.
 */
import { pairUp } from "../../domain/pairs";
import type { PayoutInstruction } from "../../domain/payout";
import type { SubmitOutcome } from "../provider";
import type { ApiCall, ApiResult, CoinGateApi } from "./api-client";
import type { CoinGateCatalog } from "./catalog";
import type { CoinGateConfig } from "./config";
import { DEFAULT_CHUNK_SIZE } from "./config";
import { detailOf, isDuplicateExternalId, refusalSentence, runWideError } from "./errors";
import type { CoinGateLedger } from "./ledger";
import type { SendRequestLookup } from "./lookup";
import type { PayeeResolver } from "./payees";
import { sendRequest, type LedgerAccount, type SendRequest } from "./schemas";
import { toSnapshot } from "./snapshot";

export interface SubmitDeps {
  api: CoinGateApi;
  catalog: CoinGateCatalog;
  ledger: CoinGateLedger;
  payees: PayeeResolver;
  lookup: SendRequestLookup;
  config: CoinGateConfig;
}

interface Ready {
  index: number;
  payout: PayoutInstruction;
  call: ApiCall;
}

export function submitPayouts(deps: SubmitDeps, payouts: PayoutInstruction[]): SubmitOutcome[] {
  const outcomes: SubmitOutcome[] = new Array<SubmitOutcome>(payouts.length);
  const reject = (i: number, payout: PayoutInstruction, reason: string) =>
    (outcomes[i] = { kind: "rejected", payoutId: payout.payoutId, reason });

  const amountCurrencyIds = deps.catalog.amountCurrencyIds(payouts.map(amountCurrencyOf));
  const candidates: { index: number; payout: PayoutInstruction; account: LedgerAccount }[] = [];
  payouts.forEach((payout, i) => {
    const account = deps.ledger.accountFor(payout.currency);
    if ("problem" in account) reject(i, payout, account.problem);
    else if (!amountCurrencyIds.get(amountCurrencyOf(payout))) {
      reject(i, payout, `CoinGate does not know the amount currency ${amountCurrencyOf(payout)}.`);
    } else candidates.push({ index: i, payout, account });
  });

  const payees = deps.payees.resolve(candidates.map((c) => c.payout));
  const ready: Ready[] = [];
  for (const { index: i, payout, account } of candidates) {
    const payee = payees.get(payout.payoutId);
    if (!payee) continue;
    if (payee.kind === "rejected") reject(i, payout, payee.reason);
    else if (payee.kind === "unknown") {
      outcomes[i] = { kind: "unknown", payoutId: payout.payoutId, reason: payee.reason };
    } else {
      const amountCurrencyId = amountCurrencyIds.get(amountCurrencyOf(payout)) ?? "";
      ready.push({
        index: i,
        payout,
        call: createCall(deps.config, payout, account.id, payee.settingId, amountCurrencyId),
      });
    }
  }

  const duplicates: Ready[] = [];
  const chunkSize = deps.config.chunkSize ?? DEFAULT_CHUNK_SIZE;
  for (let start = 0; start < ready.length; start += chunkSize) {
    const chunk = ready.slice(start, start + chunkSize);
    const results = deps.api.callAll(chunk.map((r) => r.call));
    const exchanges: { ready: Ready; request: SendRequest }[] = [];
    for (const [r, result] of pairUp(chunk, results, "CoinGate creates")) {
      if (result.ok) {
        const parsed = sendRequest.safeParse(result.data);
        if (!parsed.success) {
          outcomes[r.index] = unknown(
            r.payout,
            "CoinGate accepted the payout but its answer was not in the documented shape",
          );
        } else if (parsed.data.actions_required && parsed.data.status === "draft") {
          exchanges.push({ ready: r, request: parsed.data });
        } else {
          outcomes[r.index] = {
            kind: "created",
            snapshot: toSnapshot(parsed.data, r.payout.payoutId),
          };
        }
      } else if (isDuplicateExternalId(result)) {
        duplicates.push(r);
      } else {
        outcomes[r.index] = createFailure(r.payout, result);
      }
    }
    answerExchanges(deps, exchanges, outcomes);
  }

  if (duplicates.length) {
    // The Payout ID was used before: the earlier create reached CoinGate. Adopt that request.
    const found = deps.lookup.recover(duplicates.map((d) => ({ payoutId: d.payout.payoutId })));
    for (const [d, lookup] of pairUp(duplicates, found, "CoinGate lookups of used Payout IDs")) {
      outcomes[d.index] =
        lookup.kind === "found"
          ? { kind: "created", snapshot: lookup.snapshot }
          : unknown(
              d.payout,
              "CoinGate says this Payout ID is already used, but its send request was not found yet",
            );
    }
  }
  return outcomes;
}

/** PATCHes the confirm or cancel URL CoinGate returned, as COINGATE_EXCHANGE says. */
function answerExchanges(
  deps: SubmitDeps,
  exchanges: { ready: Ready; request: SendRequest }[],
  outcomes: SubmitOutcome[],
): void {
  const confirm = deps.config.exchange === "confirm";
  const results = deps.api.callAll(
    exchanges.map(({ request }) => ({
      method: "patch" as const,
      path: confirm ? request.actions_required!.confirm : request.actions_required!.cancel,
    })),
  );
  for (const [{ ready, request }, result] of pairUp(exchanges, results, "CoinGate exchanges")) {
    const parsed = result.ok ? sendRequest.safeParse(result.data) : undefined;
    const from = request.balance_debit_currency?.symbol ?? "the ledger currency";
    const to = request.sending_currency?.symbol ?? ready.payout.currency;
    const snapshot = toSnapshot(parsed?.success ? parsed.data : request, ready.payout.payoutId);
    const asked = `CoinGate asked to confirm an exchange from ${from} to ${to}`;
    if (!parsed?.success) {
      const detail = result.ok ? "its answer was not in the documented shape" : detailOf(result);
      snapshot.note = `${asked}; ${confirm ? "confirming" : "canceling"} failed (${detail}).`;
    } else if (confirm) {
      snapshot.note = joinNotes(
        `${asked}; it was confirmed (COINGATE_EXCHANGE=confirm).`,
        snapshot.note,
      );
    } else {
      snapshot.note = `${asked}; it was canceled, as COINGATE_EXCHANGE=cancel says.`;
    }
    outcomes[ready.index] = { kind: "created", snapshot };
  }
}

function createFailure(
  payout: PayoutInstruction,
  failure: ApiResult & { ok: false },
): SubmitOutcome {
  if (failure.kind === "http" && (failure.status === 422 || failure.status === 400)) {
    return {
      kind: "rejected",
      payoutId: payout.payoutId,
      reason: refusalSentence("the payout", failure),
    };
  }
  if (failure.kind === "http" && failure.status === 401) {
    return unknown(payout, runWideError(failure).message.replace(/\.$/, ""));
  }
  return unknown(
    payout,
    `CoinGate gave no clear answer to the create (${detailOf(failure)}); it may exist and will be looked up before any resend`,
  );
}

function createCall(
  config: CoinGateConfig,
  payout: PayoutInstruction,
  ledgerAccountId: string,
  settingId: string,
  amountCurrencyId: string,
): ApiCall {
  return {
    method: "post",
    path: "/send_requests",
    retryServerErrors: false,
    form: {
      ledger_account_id: ledgerAccountId,
      beneficiary_payout_setting_id: settingId,
      amount: payout.amount,
      amount_currency_id: amountCurrencyId,
      // CoinGate requires a purpose; the sheet's Purpose column is optional.
      purpose: payout.purpose?.trim() || `Payout ${payout.payoutId}`,
      callback_url: config.callbackUrl,
      external_id: payout.payoutId,
    },
  };
}

function amountCurrencyOf(payout: PayoutInstruction): string {
  return payout.amountCurrency || payout.currency;
}

function unknown(payout: PayoutInstruction, reason: string): SubmitOutcome {
  return { kind: "unknown", payoutId: payout.payoutId, reason: `${reason}.` };
}

function joinNotes(a: string, b: string | undefined): string {
  return b ? `${a} ${b}` : a;
}
