/**
 * The Submit payouts dialog: where each provider pays (sandbox or live), the preview's totals and
 * skipped rows, then Pay or Cancel. Every amount is the server's decimal text, shown as it is.
 */
import type { PreviewGroup } from "../../app/submit/submit";
import { closeDialog, run } from "../bridge";
import { byId, dialogData, element, failureMessage, tableBody } from "./page";

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
  for (const [id, problem] of Object.entries(g.problems)) {
    const p = element("tr");
    cell(p, "");
    cell(p, `${id}: ${problem}`, "error").colSpan = 7;
    body.appendChild(p);
  }
}

// Sandbox or live, per provider with rows to pay: the words come from its registry entry.
if (preview.environments?.length) {
  const list = byId("environments");
  list.hidden = false;
  for (const env of preview.environments) {
    const li = element("li", { className: env.mode });
    li.appendChild(element("span", { className: "provider", text: env.provider }));
    li.appendChild(document.createTextNode(`: ${env.text}`));
    list.appendChild(li);
  }
}

const groups = tableBody("groups");
preview.groups.forEach((g) => groupRow(groups, g));
if (!preview.groups.length) emptyRow(groups, 8, "Nothing to pay.");
const shortfalls = preview.shortfalls ?? [];

// Warnings beside their rows: a first payment, a look-alike or changed address, a likely
// double payment.
if (preview.warnings?.length) {
  byId("warnings-section").hidden = false;
  const body = tableBody("warnings");
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
  const body = tableBody("approvals");
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

const skipped = tableBody("skipped");
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
const topUp = byId<HTMLInputElement>("topup");
summary.textContent = preview.count
  ? `${preview.count} row(s) will be paid. Check the totals, then press Pay.`
  : "No row is ready to pay.";
// Each short balance named, in red, in the server's decimal text.
for (const s of shortfalls)
  summary.appendChild(element("span", { className: "short", text: ` ${s.text}.` }));
if (preview.message) summary.appendChild(document.createTextNode(` ${preview.message}`));
if (preview.frozen) {
  summary.textContent = preview.frozen;
  summary.className = "frozen";
}

// A short balance: Pay waits for the payer's promise to top up (the server checks it again).
const payable = preview.count > 0 && preview.frozen === undefined;
if (payable && shortfalls.length) {
  byId("topup-box").hidden = false;
  byId("topup-label").textContent = preview.topUpLabel ?? "";
}
let sent = false;
function updatePay(): void {
  confirm.disabled = sent || !payable || (shortfalls.length > 0 && !topUp.checked);
}
updatePay();
topUp.addEventListener("change", updatePay);

confirm.addEventListener("click", () => {
  sent = true;
  updatePay();
  topUp.disabled = true;
  result.className = "";
  result.textContent = "Submitting...";
  const promised = topUp.checked ? shortfalls : [];
  run("confirmSubmit", {
    fingerprint: preview.fingerprint,
    topUp: promised.map(({ provider, currency, shortBy }) => ({ provider, currency, shortBy })),
  }).then(
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
