/**
 * `npm start -- --approvals` (approvals.ts): the demo with approvals on and simulated people,
 * through the command line as a person runs it. The self-approval refusal and the voided
 * approval are shown with the add-on's own words; the export says who prepared and approved
 * each row; every paid row was approved by someone else than its preparer, the row above the
 * threshold by two people; and the counts add up. A user's own file gets its scripted rows
 * from --seed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type ExcelJS from "exceljs";

import { nudged, PEOPLE, planApprovals, rehearsePlan } from "./approvals";
import {
  cli,
  compareWorkbook,
  HEADER,
  payoutsFile,
  phaseCounts,
  readWorkbook,
  removeTempDirs,
  tempDir,
} from "./check-export";
import { parsePayoutFile, type SandboxResult } from "./sandbox";

afterAll(removeTempDirs);
jest.setTimeout(30_000);

const [BOB, CAROL] = PEOPLE.approvers;

/** A CSV the sandbox wrote, as objects by header (its BOM and formula apostrophes aside). */
function csvObjects(path: string): Record<string, string>[] {
  return parse(readFileSync(path), { bom: true, columns: true }) as Record<string, string>[];
}

const approversOf = (row: Record<string, string>) =>
  row["Approved by"]
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);

describe("npm start -- --approvals on the demo", () => {
  let run: Awaited<ReturnType<typeof cli>>;
  let result: SandboxResult;
  let approvals: NonNullable<SandboxResult["approvals"]>;
  let out: string;

  beforeAll(async () => {
    out = tempDir();
    run = await cli("--approvals", "--out", out);
    if (!run.result?.approvals) throw new Error(`no approvals result:\n${run.stderr}`);
    result = run.result;
    approvals = run.result.approvals;
  });

  it("ends as planned, with a threshold one demo row is above, and says the people are simulated", () => {
    expect(run.code).toBe(0);
    expect(approvals.problems).toEqual([]);
    expect(result.verdict).toBe(
      "Done: 19 of 25 row(s) paid; the other 6 are 4 deliberate mistake(s) of the demo file and 2 simulated fault(s) the sandbox injected, as planned.",
    );
    expect(approvals.plan.settings).toEqual({
      APPROVALS_REQUIRED: "1",
      SECOND_APPROVAL_ABOVE: "USDT:500",
      APPROVERS: `${BOB}, ${CAROL}`,
      PAYERS: PEOPLE.payer,
      ADMINS: PEOPLE.admin,
    });
    expect(run.stderr).toMatch(/the people are simulated \(no real accounts\)/);
    expect(run.stdout).toMatch(/^Approvals \(the people are simulated\)$/m);
    expect(run.stderr).toMatch(
      /^ +validated by ann@example\.com: 21 valid row\(s\) wait for approval: 20 need 1 approval, 1 need 2 \(row 20: above USDT:500\)$/m,
    );
  });

  it("shows the self-approval refused with the add-on's reason, labelled simulated, then approved by another", () => {
    const self = approvals.selfApproval;
    expect(self).toBeDefined();
    if (!self) return;
    const reason = "you prepared it (changed its inputs last), and nobody approves their own row";
    expect(self).toMatchObject({ preparer: BOB, reason, approvedBy: CAROL });
    expect(approvals.refusals).toEqual([
      { row: self.row, payoutId: self.payoutId, by: BOB, reason, planned: true },
    ]);
    expect(run.stderr).toContain(
      `(simulated) row ${self.row} refused for self-approval (${self.recipient}): ${BOB} typed it himself and tried to approve it; the add-on: "${reason}"`,
    );
    expect(run.stdout).toContain(
      `row ${self.row} (simulated) self-approval refused: ${BOB} typed ${self.recipient}'s row and tried to approve it; the add-on refused: "${reason}". Decision: ${CAROL} approved it instead; it ended COMPLETED.`,
    );
  });

  it("shows the approval voided by an edit, with the add-on's Error naming Amount, and pays the new amount", () => {
    const voided = approvals.voided;
    expect(voided).toBeDefined();
    if (!voided) return;
    expect(voided).toMatchObject({ approver: BOB, editor: PEOPLE.editor, reapprovedBy: [BOB] });
    expect(voided.to).toBe(nudged(voided.from));
    expect(voided.error).toMatch(
      /^Approval by bob@example\.com no longer counts: Amount changed since it was given\./,
    );
    expect(run.stderr).toContain(
      `(simulated) row ${voided.row} voided by an edit (${voided.recipient}): approved by ${BOB} (status APPROVED), then ${PEOPLE.editor} changed Amount from ${voided.from} to ${voided.to}; now VALID`,
    );
    expect(run.stdout).toMatch(
      new RegExp(
        `row ${voided.row} \\(simulated\\) approval voided by an edit: .*the add-on's Error: "Approval by bob@example\\.com no longer counts: Amount changed since it was given\\..*Decision: re-approved by ${BOB} and paid with the new value; it ended COMPLETED`,
      ),
    );
    // Paid with the new amount: the provider's ledger holds it, not the old one.
    const entry = result.ledgers.gatepay.find((e) => e.merchantWithdrawId === voided.payoutId);
    const sent =
      entry?.amount ??
      result.ledgers.coingate.find((e) => e.externalId === voided.payoutId)?.amount;
    expect(Number(sent)).toBe(Number(voided.to));
    // Neither scripted row was picked for a simulated failure: both stories end paid.
    expect(approvals.ends).toEqual(
      new Map([
        [approvals.selfApproval?.row, "COMPLETED"],
        [voided.row, "COMPLETED"],
      ]),
    );
  });

  it("the export: every paid row approved by someone other than its preparer; the row above the threshold by two", () => {
    const rows = csvObjects(join(out, "sandbox-payouts.csv"));
    expect(rows).toHaveLength(25);
    const paid = rows.filter((r) => r.Status === "COMPLETED");
    expect(paid).toHaveLength(19);
    for (const row of paid) {
      expect(approversOf(row).length).toBeGreaterThan(0);
      expect(approversOf(row)).not.toContain(row["Prepared by"]);
    }
    const acme = rows.find((r) => r.Recipient === "Acme Analytics UAB");
    expect(acme).toMatchObject({
      Amount: "1200",
      Status: "COMPLETED",
      "Prepared by": PEOPLE.preparer,
    });
    expect(approversOf(acme ?? {})).toEqual([BOB, CAROL]);
    // Prepared by names who typed each row; the scripted rows are noted in the sandbox's column.
    const self = approvals.selfApproval?.row ?? 0;
    const voided = approvals.voided?.row ?? 0;
    rows.forEach((row, i) => {
      const want = i + 2 === self ? BOB : i + 2 === voided ? PEOPLE.editor : PEOPLE.preparer;
      expect([i + 2, row["Prepared by"]]).toEqual([i + 2, want]);
    });
    expect(rows[self - 2]["Sandbox note"]).toMatch(
      /^\(simulated: bob@example\.com typed this row .*self-approval/,
    );
    expect(rows[voided - 2]["Sandbox note"]).toMatch(
      /^\(simulated: dave@example\.com changed Amount/,
    );
  });

  it("the counts add up: phases, the approvals, the Summary and the ledgers", async () => {
    const phases = run.stderr
      .split("\n")
      .filter((l) => /^(validate|approve|submit|settle) /.test(l))
      .map((l) => l.replace(/^\w+ +/, "").replace(/ \(\d+\.\d s\)$/, ""));
    expect(phases).toHaveLength(4);
    for (const line of phases) {
      const [total, parts] = phaseCounts(line);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
    }
    expect(phases[1]).toBe(
      "21 valid row(s): 21 approved, 0 not approved; 23 approval(s) recorded, 1 refused (the self-approval, simulated), 1 voided by an edit (simulated)",
    );
    expect(approvals).toMatchObject({ valid: 21, approved: 21, given: 23, needsTwo: [20] });
    const sum = (pick: (l: SandboxResult["summary"][number]) => number) =>
      result.summary.reduce((n, l) => n + pick(l), 0);
    expect(sum((l) => l.approvals?.approved ?? 0)).toBe(21);
    expect(sum((l) => l.approvals?.refused ?? 0)).toBe(1);
    expect(sum((l) => l.approvals?.voided ?? 0)).toBe(1);
    expect(sum((l) => l.paid)).toBe(19);
    expect(result.mismatches).toEqual([]);

    // The workbook's Summary carries the same counts, as integers, and every sheet reads back.
    const workbook = await readWorkbook(join(out, "sandbox.xlsx"));
    const summary = workbook.getWorksheet("Summary") as ExcelJS.Worksheet;
    const headers = (summary.getRow(1).values as string[]).slice(1);
    expect(headers.slice(8, 12)).toEqual(["Simulated faults", "Approved", "Refusals", "Voided"]);
    // The table ends where its filter does; the lines below it are the run's checks.
    const last = Number(/\d+$/.exec(String(summary.autoFilter))?.[0]);
    const column = (header: string) => {
      const values: unknown[] = [];
      summary.getColumn(headers.indexOf(header) + 1).eachCell((cell, row) => {
        if (row > 1 && row <= last) values.push(cell.value);
      });
      return values;
    };
    for (const [header, total] of [
      ["Approved", 21],
      ["Refusals", 1],
      ["Voided", 1],
    ] as const) {
      expect(column(header).every((v) => typeof v === "number")).toBe(true);
      expect((column(header) as number[]).reduce((a, b) => a + b, 0)).toBe(total);
    }
    expect(compareWorkbook(workbook, result.sheets).problems).toEqual([]);
    const notes = workbook.getWorksheet("Notes") as ExcelJS.Worksheet;
    const topics = (notes.getColumn(1).values as unknown[]).map(String);
    expect(topics).toContain("Approvals");
  });
});

describe("--approvals on a user's own file", () => {
  const rows = [
    ["GatePay", "One", "USDT", "TRC20", "TP9dG5pDouNEPNcbDif9w9atvMFz4pm4KY", "10"],
    ["GatePay", "Two", "USDT", "TRC20", "TKSqrC4gFMZtztVvRDcxQhZ6Nw2Q9Wc3WT", "20"],
    ["GatePay", "Three", "USDT", "TRC20", "THsMgvuV6v63fixbGEvB9pfmD7nCFkrmgX", "30.5"],
    ["GatePay", "Four", "USDT", "TRC20", "TNfD5CTkezfN969Kb1fBvcX5M6r2DoRQk4", "4000"],
  ];
  const text = [HEADER, ...rows.map((r) => r.join(","))].join("\n");

  it("picks the scripted rows from --seed, says which, and keeps the approvals", async () => {
    const path = payoutsFile("mine.csv", text);
    const plan = rehearsePlan(parsePayoutFile(text, "mine.csv"), { seed: 3 });
    expect(plan.settings.SECOND_APPROVAL_ABOVE).toBe("USDT:30.5");
    expect(plan.secondAbove?.rows).toEqual([5]);
    const { selfApproval, voided } = plan;
    expect(selfApproval).toBeDefined();
    expect(voided).toBeDefined();
    expect(selfApproval).not.toBe(voided?.row);
    // Neither is the row above the threshold; the voided row stays below it with its new amount.
    expect(selfApproval).not.toBe(5);
    expect(Number(voided?.to)).toBeLessThan(30.5);

    const run = await cli(path, "--approvals", "--seed", "3", "--out", tempDir());
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split("\n").pop()).toBe("Done: all 4 row(s) paid.");
    expect(run.result?.approvals?.plan).toEqual(plan);
    expect(run.stderr).toContain(`(simulated) row ${selfApproval} refused for self-approval`);
    expect(run.stderr).toContain(`(simulated) row ${voided?.row} voided by an edit`);
    expect(run.stdout).toContain(`row ${selfApproval} (simulated) self-approval refused`);
    expect(run.stdout).toContain(`row ${voided?.row} (simulated) approval voided by an edit`);
  });

  it("the same seed picks the same rows; seeds spread the picks over the rows", () => {
    const valid = Array.from({ length: 12 }, (_, i) => ({
      row: i + 2,
      cells: { Amount: String(10 + i), Currency: "USDT", "Amount currency": "" },
    }));
    const picks = (seed: number) => {
      const plan = planApprovals(valid, seed);
      return [plan.selfApproval, plan.voided?.row];
    };
    expect(picks(7)).toEqual(picks(7));
    const seen = new Set(Array.from({ length: 20 }, (_, seed) => picks(seed).join()));
    expect(seen.size).toBeGreaterThan(5);
    for (let seed = 0; seed < 20; seed++) {
      const [self, voided] = picks(seed);
      expect(self).not.toBe(voided);
      // Row 13 has the largest amount: it needs two approvals and is never scripted.
      expect([self, voided]).not.toContain(13);
    }
  });
});
