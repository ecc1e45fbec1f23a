/**
 * The heart of "submitting payouts: idempotent, crash-safe, resumable": a submit run is killed at
 * every single service call in turn, before and after the call takes effect. After each kill the
 * product recovers on its own (the refresh trigger, then a person pressing Submit again for rows
 * that were never queued), the simulators settle, and the sheet is compared with the providers'
 * ledgers: every row paid exactly once, for its amount, and the sheet says what the ledger says.
 */
import type { Harness } from "../support/harness";
import {
  EVM,
  SOLANA,
  TRON,
  coingateRow,
  expectRan,
  expectSheetMatchesLedgers,
  gatepayRow,
  harnessWith,
  recover,
  settle,
  statuses,
} from "./submit-support";

// 3 GatePay rows in 2 batches (batch size 2) and 2 CoinGate rows to different payees.
const ROWS = [
  gatepayRow("Ann Lee", "10.5", { Network: "ETH", Address: EVM[0] }),
  gatepayRow("Bo Ray", "20", { Network: "TRX", Address: TRON[1] }),
  gatepayRow("Cy Tan", "30.25", { Network: "SOL", Address: SOLANA }),
  coingateRow("Di Moe", "di@example.com", "40", { Address: EVM[1] }),
  coingateRow("Ed Fox", "ed@example.com", "5.5", { Network: "tron", Address: TRON[2] }),
];

/**
 * A fresh product with the rows typed in, as left by an earlier refresh that found nothing open
 * (OPEN_ROWS "0", as refreshPayouts records it; set directly to save an execution per fault
 * point): a refresh must still notice the rows a dead submit left behind.
 */
function fresh(): Harness {
  const h = harnessWith(ROWS, { properties: { GATEPAY_MAX_BATCH_SIZE: "2", OPEN_ROWS: "0" } });
  return h;
}

describe("a submit killed at every service call", () => {
  it("pays every row exactly once, and the sheet matches the ledgers", () => {
    const started = Date.now();
    const clean = fresh();
    const cleanRun = clean.run("submitPayouts");
    expectRan(cleanRun);
    expect(statuses(clean)).toEqual(["PENDING", "PENDING", "PENDING", "PROCESSING", "PROCESSING"]);
    expect(clean.gatepay.ledger()).toHaveLength(3);
    expect(clean.coingate.ledger()).toHaveLength(2);
    const total = cleanRun.meter.totalCalls;
    expect(total).toBeGreaterThan(50);

    const outcomes = new Map<string, number>();
    let faults = 0;
    for (let at = 1; at <= total; at++) {
      for (const when of ["before", "after"] as const) {
        const h = fresh();
        const killed = h.run("submitPayouts", { faults: [{ at, when }] });
        const where = `fault ${when} call ${at}`;
        expect({ where, killed: killed.killed }).toEqual({ where, killed: true });
        faults++;
        const left = statuses(h).join(",");
        outcomes.set(left, (outcomes.get(left) ?? 0) + 1);
        // After an "after" kill the providers move on while the add-on is dead: what was
        // created is paid before anything looks at it. After a "before" kill they wait.
        if (when === "after") {
          h.gatepay.settleAll();
          h.coingate.settleAll();
        }

        // One run of the refresh trigger resolves every row a dead submit left QUEUED or
        // SUBMITTING; rows it never queued wait for the next Submit.
        expectRan(h.run("refreshPayouts"));
        const afterRefresh = statuses(h);
        expect({ where, afterRefresh }).toEqual({
          where,
          afterRefresh: afterRefresh.map((s) => (s === "QUEUED" || s === "SUBMITTING" ? "-" : s)),
        });
        recover(h);
        // Callbacks are hints the refresh confirms; to keep the run short they are delivered
        // at every fifth fault point and lost (CoinGate gives up after one try) at the others.
        settle(h, { callbacks: at % 5 === 0 ? "deliver" : "drop" });
        try {
          expect(expectSheetMatchesLedgers(h)).toEqual({ gatepay: 3, coingate: 2 });
          expect(statuses(h)).toEqual(Array(5).fill("COMPLETED"));
          // One beneficiary per payee, however often the run died.
          expect(h.coingate.beneficiaryCount()).toBe(2);
        } catch (error) {
          throw new Error(`${where}: ${(error as Error).message}`, { cause: error });
        }
      }
    }
    expect(faults).toBe(2 * total);
    // The kills landed in every phase: before anything, with rows queued, submitting, sent.
    const seen = [...outcomes.keys()].join(" ");
    expect(outcomes.get(",,,,")).toBeGreaterThan(0);
    for (const phase of ["QUEUED", "SUBMITTING", "PENDING"]) expect(seen).toContain(phase);
    const seconds = (Date.now() - started) / 1000;
    // Fault points and wall time, for the report.
    console.info(`${faults} fault points over ${total} service calls in ${seconds.toFixed(1)} s`);
  });
});
