/** Reads send requests back: by id (fetch) and by Payout ID = external_id (recover). */
import { pairUp } from "../../domain/pairs";
import type { PayoutRef } from "../../domain/payout";
import type { LookupOutcome } from "../provider";
import type { ApiResult, CoinGateApi } from "./api-client";
import { detailOf, runWideError } from "./errors";
import { sendRequest, sendRequestsPage, type SendRequest } from "./schemas";
import { toSnapshot } from "./snapshot";

const PER_PAGE = 100;

export class SendRequestLookup {
  constructor(
    private readonly api: CoinGateApi,
    private readonly pagesPerBatch: number,
  ) {}

  /** GET /send_requests/:id per ref; refs without a provider id are recovered instead. */
  fetch(refs: PayoutRef[]): LookupOutcome[] {
    const outcomes: LookupOutcome[] = new Array<LookupOutcome>(refs.length);
    const withId = refs.flatMap((ref, i) => (ref.providerId ? [{ ref, i }] : []));
    const results = this.api.callAll(
      withId.map(({ ref }) => ({
        method: "get" as const,
        path: `/send_requests/${encodeURIComponent(ref.providerId ?? "")}`,
      })),
    );
    for (const [{ ref, i }, result] of pairUp(withId, results, "CoinGate lookups"))
      outcomes[i] = this.readOne(ref, result);
    const withoutId = refs.flatMap((ref, i) => (ref.providerId ? [] : [{ ref, i }]));
    const recovered = this.recover(withoutId.map(({ ref }) => ref));
    for (const [{ i }, outcome] of pairUp(withoutId, recovered, "CoinGate recoveries"))
      outcomes[i] = outcome;
    return outcomes;
  }

  /**
   * CoinGate has no lookup by external_id, so the list is paged until every wanted id is seen or
   * the pages run out. One pass serves all refs; "absent" only after every page was read.
   */
  recover(refs: PayoutRef[]): LookupOutcome[] {
    if (!refs.length) return [];
    const wanted = new Set(refs.map((r) => r.payoutId));
    const found = new Map<string, SendRequest>();
    let failure: string | undefined;
    const readPage = (result: ApiResult): number | undefined => {
      const page = result.ok ? sendRequestsPage.safeParse(result.data) : undefined;
      if (!result.ok) {
        if (result.kind === "http" && result.status === 401) throw runWideError(result);
        failure = detailOf(result);
        return undefined;
      }
      if (!page?.success) {
        failure = "the send requests list was not in the documented shape";
        return undefined;
      }
      for (const request of page.data.send_requests) {
        const id = request.external_id;
        if (id && wanted.has(id) && !found.has(id)) found.set(id, request);
      }
      return page.data.total_pages ?? 1;
    };

    const totalPages = readPage(this.api.call(listCall(1)));
    let next = 2;
    while (totalPages !== undefined && !failure && found.size < wanted.size && next <= totalPages) {
      const pages: number[] = [];
      for (; next <= totalPages && pages.length < this.pagesPerBatch; next++) pages.push(next);
      this.api.callAll(pages.map(listCall)).forEach(readPage);
    }

    return refs.map((ref): LookupOutcome => {
      const request = found.get(ref.payoutId);
      if (request) return { kind: "found", snapshot: toSnapshot(request, ref.payoutId) };
      if (failure) {
        return {
          kind: "unknown",
          payoutId: ref.payoutId,
          reason: `Could not search CoinGate's send requests (${failure}).`,
        };
      }
      return { kind: "absent", payoutId: ref.payoutId };
    });
  }

  private readOne(ref: PayoutRef, result: ApiResult): LookupOutcome {
    const payoutId = ref.payoutId;
    if (!result.ok) {
      if (result.kind === "http" && result.status === 401) throw runWideError(result);
      const reason =
        result.kind === "http" && result.status === 404
          ? `CoinGate has no send request ${ref.providerId}.`
          : `Could not read send request ${ref.providerId} from CoinGate (${detailOf(result)}).`;
      return { kind: "unknown", payoutId, reason };
    }
    const parsed = sendRequest.safeParse(result.data);
    if (!parsed.success) {
      const reason = `CoinGate's answer for send request ${ref.providerId} was not in the documented shape.`;
      return { kind: "unknown", payoutId, reason };
    }
    const externalId = parsed.data.external_id;
    if (externalId && externalId !== payoutId) {
      const reason = `CoinGate send request ${ref.providerId} belongs to Payout ID ${externalId}, not ${payoutId}.`;
      return { kind: "unknown", payoutId, reason };
    }
    return { kind: "found", snapshot: toSnapshot(parsed.data, payoutId) };
  }
}

function listCall(page: number) {
  return {
    method: "get" as const,
    path: "/send_requests",
    query: { per_page: PER_PAGE, page },
  };
}
