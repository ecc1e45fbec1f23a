/**
 * CoinGate's send requests as a listing for reconciliation: GET /send_requests, 100 a page,
 * several pages at once per step. The list documents no filter and no order (reference sections
 * 2.1 and 6), so every page is read unless the order is configured (config.listOrder), and the
 * period is applied here: a request created before `since` is not the add-on's business.
 */
import type { Amount } from "../../domain/money";
import { pairUp } from "../../domain/pairs";
import { amountFromProvider } from "../../domain/money";
import type { ListedPayout, ListingStep, PayoutListing } from "../provider";
import type { ApiResult, CoinGateApi } from "./api-client";
import type { CoinGateConfig } from "./config";
import { detailOf, runWideError } from "./errors";
import { sendRequestsPage, type SendRequest } from "./schemas";
import { toSnapshot } from "./snapshot";

const PER_PAGE = 100;
const DEFAULT_PAGES_PER_STEP = 10;

export function coinGateListing(api: CoinGateApi, config: CoinGateConfig): PayoutListing {
  const pagesPerStep = config.listPagesPerStep ?? DEFAULT_PAGES_PER_STEP;
  return {
    covers: "account",
    step(cursor, scope): ListingStep {
      // The cursor is "<next page>/<pages known>"; the first step reads page 1 alone to learn
      // how many there are.
      const [nextText, knownText] = cursor.split("/");
      const first = Number(nextText) || 1;
      const known = Number(knownText) || 1;
      const last = first === 1 ? 1 : Math.min(known, first + pagesPerStep - 1);
      const pages = Array.from({ length: last - first + 1 }, (_, i) => first + i);
      const results = api.callAll(pages.map(listCall));
      const since = scope.since ? Date.parse(scope.since) : undefined;
      let totalPages = known;
      let reachedPast = false;
      const payouts: ListedPayout[] = [];
      for (const [pageNumber, result] of pairUp(pages, results, "CoinGate list pages")) {
        const page = readPage(result, pageNumber);
        totalPages = Math.max(totalPages, page.total_pages ?? 1);
        for (const request of page.send_requests) {
          if (since !== undefined && Date.parse(request.created_at ?? "") < since) {
            reachedPast = true;
            continue;
          }
          payouts.push(listed(request));
        }
      }
      const done = last >= totalPages || (config.listOrder === "newest_first" && reachedPast);
      return {
        payouts,
        batchesRead: [],
        batchesAbsent: [],
        batchesUnread: [],
        problems: [],
        next: done ? null : `${last + 1}/${totalPages}`,
      };
    },
  };
}

function readPage(result: ApiResult, page: number) {
  if (!result.ok) {
    if (result.kind === "http" && result.status === 401) throw runWideError(result);
    throw new Error(
      `CoinGate's send request list (page ${page}) could not be read: ${detailOf(result)}.`,
    );
  }
  const parsed = sendRequestsPage.safeParse(result.data);
  if (!parsed.success)
    throw new Error(`CoinGate's send request list (page ${page}) was not in the documented shape.`);
  return parsed.data;
}

function listed(request: SendRequest): ListedPayout {
  const payoutId = request.external_id ?? "";
  const amount: Amount | undefined = amountFromProvider(request.sending_amount);
  return {
    payoutId,
    snapshot: toSnapshot(request, payoutId),
    ...(request.created_at ? { createdAt: request.created_at } : {}),
    ...(request.sending_currency?.symbol ? { currency: request.sending_currency.symbol } : {}),
    ...(amount ? { amount } : {}),
    ...(request.beneficiary_payout_setting?.crypto_address
      ? { address: request.beneficiary_payout_setting.crypto_address }
      : {}),
  };
}

function listCall(page: number) {
  return {
    method: "get" as const,
    path: "/send_requests",
    query: { per_page: PER_PAGE, page },
  };
}
