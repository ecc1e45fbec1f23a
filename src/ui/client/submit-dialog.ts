/** The Submit payouts dialog: the preview's totals and skipped rows, then Pay or Cancel. */
import type { PreviewGroup } from "../../app/submit/submit";
import { closeDialog, run } from "../bridge";
import { byId, dialogData, element, failureMessage } from "./page";

const { preview } = dialogData<"SubmitDialog">();

function cell(row: HTMLTableRowElement, text: unknown, className?: string): HTMLTableCellElement {
  const td = element("td", { text: text === undefined || text === null ? "" : String(text) });
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

// An empty table keeps only its note: column headers over nothing read as a broken table.
function emptyRow(body: HTMLTableSectionElement, columns: number, text: string): void {
  const tr = element("tr");
  cell(tr, text, "empty").colSpan = columns;
  body.appendChild(tr);
  const table = body.parentElement as HTMLTableElement;
  if (table.tHead) table.tHead.hidden = true;
}

function groupRow(body: HTMLTableSectionElement, g: PreviewGroup): void {
  const tr = element("tr");
  cell(tr, g.provider);
  cell(tr, g.currency);
  cell(tr, g.network);
  cell(tr, g.count, "num");
  cell(tr, `${g.total} ${g.totalCurrency || g.currency}`, "num");
  if (g.estimatedFee === undefined) cell(tr, "not known in advance", "note num");
  else cell(tr, `${g.estimatedFee} ${g.feeCurrency || g.currency}`, "num");
  cell(
    tr,
    g.balance === undefined ? "unknown" : `${g.balance} ${g.balanceCurrency || g.currency}`,
    "num",
  );
  cell(tr, g.shortfall ?? "", g.shortfall ? "short num" : "num");
  body.appendChild(tr);
  for (const [id, problem] of Object.entries(g.problems ?? {})) {
    const p = element("tr");
    cell(p, "");
    cell(p, `${id}: ${problem}`, "error").colSpan = 7;
    body.appendChild(p);
  }
}

const groups = byId<HTMLTableElement>("groups").tBodies[0];
preview.groups.forEach((g) => groupRow(groups, g));
if (!preview.groups.length) emptyRow(groups, 8, "Nothing to pay.");
const short = preview.groups.filter((g) => g.shortfall).length;

// Warnings beside their rows: a first payment, a look-alike address, a changed address.
if (preview.warnings?.length) {
  byId("warnings-section").hidden = false;
  const body = byId<HTMLTableElement>("warnings").tBodies[0];
  for (const w of preview.warnings) {
    const tr = element("tr");
    cell(tr, w.row, "num");
    cell(tr, w.payoutId);
    cell(tr, w.warning.replace(/^Warning: /, ""), "warning");
    body.appendChild(tr);
  }
}

// With approvals on: who prepared and who approved each row to be paid.
if (preview.approvals) {
  byId("approvals-section").hidden = false;
  const body = byId<HTMLTableElement>("approvals").tBodies[0];
  for (const a of preview.approvals) {
    const tr = element("tr");
    cell(tr, a.row, "num");
    cell(tr, a.pays);
    cell(tr, a.preparedBy);
    cell(tr, a.approvedBy);
    body.appendChild(tr);
  }
  const more = preview.count - preview.approvals.length;
  if (more > 0) byId("approvals-more").textContent = `…and ${more} more row(s), each approved.`;
}

const skipped = byId<HTMLTableElement>("skipped").tBodies[0];
for (const s of preview.skipped) {
  const tr = element("tr");
  cell(tr, s.row, "num");
  cell(tr, s.payoutId);
  cell(tr, s.reason);
  skipped.appendChild(tr);
}
if (!preview.skipped.length) emptyRow(skipped, 3, "No row skipped.");

const summary = byId("summary");
const confirm = byId<HTMLButtonElement>("confirm");
const cancel = byId<HTMLButtonElement>("cancel");
const result = byId("result");
summary.textContent = preview.count
  ? `${preview.count} row(s) will be paid. Check the totals, then press Pay.`
  : "No row is ready to pay.";
if (short) summary.textContent += ` The balance is short for ${short} line(s): see Shortfall.`;
if (preview.message) summary.textContent += ` ${preview.message}`;
if (preview.frozen) {
  summary.textContent = preview.frozen;
  summary.className = "frozen";
}
confirm.disabled = !preview.count || preview.frozen !== undefined;

confirm.addEventListener("click", () => {
  confirm.disabled = true;
  result.className = "";
  result.textContent = "Submitting...";
  run("confirmSubmit", preview.fingerprint).then(
    (answer) => {
      result.className = answer.ok === false ? "failed" : "";
      result.textContent = answer.message;
      cancel.textContent = "Close";
    },
    (error: unknown) => {
      result.className = "failed";
      result.textContent = `Failed: ${failureMessage(error)}`;
    },
  );
});
cancel.addEventListener("click", () => closeDialog());
// Money moves on Pay: a stray Enter should cancel, not pay.
cancel.focus();
