/**
 * Helpers for the approval tests: several people in one spreadsheet. Rows are typed through the
 * emulator's `edit`, so the on-edit trigger setup installs sees who typed them, as in Sheets.
 */
import { Harness, type HarnessOptions, type RowInput } from "../support/harness";
import { gatepayRow } from "./submit-support";

export const OWNER = "owner@example.com";
export const ANN = "ann@example.com";
export const BOB = "bob@example.com";
export const CAROL = "carol@example.com";
export const DAVE = "dave@example.com";

/** A harness with approvals on (and any other settings), set up by the owner. */
export function approvalsWorld(
  properties: Record<string, string> = {},
  options: HarnessOptions = {},
) {
  const h = new Harness({
    ...options,
    properties: { APPROVALS_REQUIRED: "1", ...properties, ...(options.properties ?? {}) },
  });
  h.call("setupPayoutsSheet");
  return h;
}

function headers(h: Harness): string[] {
  return h.emu.sheet("Payouts")?.display()[0] ?? [];
}

/** A person types a new row below the others; returns its sheet row. */
export function typeRow(h: Harness, user: string, row: RowInput): number {
  const at = (h.emu.sheet("Payouts")?.display().length ?? 1) + 1;
  const cells = headers(h).map(
    (header) => (row as Record<string, string | undefined>)[header] ?? "",
  );
  const last = cells.reduce((end, cell, index) => (cell ? index + 1 : end), 0);
  for (const run of h.emu.edit("Payouts", at, 1, [cells.slice(0, last)], { user }))
    if (run.error) throw run.error;
  return at;
}

/** A person changes one cell of a row (by header). */
export function editCell(h: Harness, user: string, sheetRow: number, header: string, text: string) {
  const column = headers(h).indexOf(header) + 1;
  if (column === 0) throw new Error(`No column ${header}`);
  for (const run of h.emu.edit("Payouts", sheetRow, column, [[text]], { user }))
    if (run.error) throw run.error;
}

/** The row's Payout ID after a validation by `user`. */
export function validatedId(h: Harness, sheetRow: number, user = OWNER): string {
  const run = h.run("validatePayouts", { user });
  if (run.error) throw run.error;
  const [header = [], ...rows] = h.emu.sheet("Payouts")?.display() ?? [];
  const id = rows[sheetRow - 2]?.[header.indexOf("Payout ID")] ?? "";
  expect(id).not.toBe("");
  return id;
}

export function approve(h: Harness, user: string, ids: string[]) {
  const run = h.run("approvePayouts", { user }, [ids]);
  if (run.error) throw run.error;
  return run.value as {
    ok: boolean;
    message: string;
    approved: string[];
    refused: { payoutId: string; reason: string }[];
  };
}

export function revoke(h: Harness, user: string, ids: string[]) {
  const run = h.run("revokeApprovals", { user }, [ids]);
  if (run.error) throw run.error;
  return run.value as {
    ok: boolean;
    message: string;
    revoked: string[];
    refused: { payoutId: string; reason: string }[];
  };
}

export function submitAs(h: Harness, user: string) {
  const run = h.run("submitPayouts", { user });
  if (run.error) throw run.error;
  return run.value as { ok: boolean; message: string; created?: number; queued?: number };
}

/** The GatePay payouts the simulator holds, by Payout ID. */
export function paidIds(h: Harness): string[] {
  return h.gatepay.ledger().map((entry) => entry.merchantWithdrawId);
}

/** A GatePay row (USDT on TRX) for `recipient` and `amount`. */
export function payRow(recipient: string, amount: string, overrides: RowInput = {}): RowInput {
  return gatepayRow(recipient, amount, overrides);
}
