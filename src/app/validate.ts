/**
 * Validates every row not yet submitted: VALID or INVALID with every reason in Error, a Payout ID
 * for each row that has none, duplicate checks across rows. Submitted rows are not re-validated,
 * but an edit of their inputs after submission is flagged. One read of the sheet, one write.
 */
import { INPUT_KEYS, type InputKey } from "../domain/columns";
import { fingerprint } from "../domain/fingerprint";
import { builtInOffers } from "../domain/networks";
import type { PayoutInstruction, ProviderName } from "../domain/payout";
import { PROVIDERS } from "../domain/payout";
import { isValidPayoutId, newPayoutId } from "../domain/payout-id";
import {
  parseProvider,
  validateRow,
  type OfferInfo,
  type RowCells,
} from "../domain/row-validation";
import { isStatus, isSubmitted, type Status } from "../domain/status";
import type { AppConfig } from "./config";
import { isoNow, type AppContext } from "./context";
import type { PayoutRow, PayoutTable } from "./payout-table";
import { randomHex } from "./random";
import type { Providers } from "./providers";

export interface CatalogSource {
  provider: ProviderName;
  source: "live" | "built-in";
  note?: string;
}

export interface ValidationResult {
  /** VALID rows and what would be sent for each. */
  valid: { row: PayoutRow; instruction: PayoutInstruction }[];
  /** What each VALID, QUEUED or SUBMITTING row would be sent with now, by Payout ID. */
  instructions: Map<string, PayoutInstruction>;
  /** Why a QUEUED or SUBMITTING row would not pass validation now, by Payout ID. */
  blocked: Map<string, string>;
  invalid: number;
  /** Submitted rows whose inputs changed after submission. */
  changedAfterSubmit: number;
  newIds: number;
  catalogs: CatalogSource[];
}

export const CHANGED_AFTER_SUBMIT =
  "Inputs changed after submission: the provider keeps the values sent then. To pay other values, copy the inputs to a new row.";

export function rowStatus(row: PayoutRow): Status {
  const text = row.outputs.status.toUpperCase();
  return isStatus(text) ? text : "";
}

export function inputFingerprint(row: PayoutRow): string {
  return fingerprint(INPUT_KEYS.map((key: InputKey) => row.inputs[key].text));
}

/** Offers per provider: the provider's own lists when configured, else the built-in table. */
function loadOffers(
  rows: PayoutRow[],
  providers: Providers,
): { offers: Map<ProviderName, OfferInfo[]>; catalogs: CatalogSource[] } {
  const offers = new Map<ProviderName, OfferInfo[]>();
  const catalogs: CatalogSource[] = [];
  for (const name of PROVIDERS) {
    const wanted = rows.filter((row) => parseProvider(row.inputs.provider.text) === name);
    if (wanted.length === 0) continue;
    const client = providers[name];
    if (client) {
      const currencies = [...new Set(wanted.map((row) => row.inputs.currency.text.toUpperCase()))];
      try {
        offers.set(name, client.catalog(currencies.filter(Boolean)).offers);
        catalogs.push({ provider: name, source: "live" });
        continue;
      } catch (error) {
        catalogs.push({
          provider: name,
          source: "built-in",
          note: `${name}'s currency list could not be read (${error instanceof Error ? error.message : String(error)}); the built-in table was used.`,
        });
      }
    } else {
      catalogs.push({ provider: name, source: "built-in" });
    }
    offers.set(name, builtInOffers(name));
  }
  return { offers, catalogs };
}

export function validateTable(
  ctx: AppContext,
  table: PayoutTable,
  config: AppConfig,
  providers: Providers,
  options: { onlyWaiting?: boolean } = {},
): ValidationResult {
  const now = isoNow(ctx);
  const active = table.activeRows();
  // A refresh only needs the rows it will send; it leaves new rows to validation.
  const unsubmitted = options.onlyWaiting
    ? []
    : active.filter((row) => !isSubmitted(rowStatus(row)));
  const waiting = active.filter((row) => ["QUEUED", "SUBMITTING"].includes(rowStatus(row)));
  const { offers, catalogs } = loadOffers([...unsubmitted, ...waiting], providers);
  const rules = {
    offers: (name: ProviderName) => offers.get(name),
    testnet: (name: ProviderName) =>
      name === "CoinGate" && config.coingateEnvironment === "sandbox",
    defaultFeeMode: config.gatepayDefaultFeeMode,
  };
  const duplicates = table.duplicateIds();
  const result: ValidationResult = {
    valid: [],
    instructions: new Map(),
    blocked: new Map(),
    invalid: 0,
    changedAfterSubmit: 0,
    newIds: 0,
    catalogs,
  };

  // Rows accepted earlier but not created yet are sent with their inputs as they are now.
  for (const row of waiting) {
    if (duplicates.has(row.outputs.payoutId)) continue;
    const verdict = validateRow(row.inputs as RowCells, rules);
    if (verdict.instruction && verdict.errors.length === 0)
      result.instructions.set(row.outputs.payoutId, {
        ...verdict.instruction,
        payoutId: row.outputs.payoutId,
      });
    else result.blocked.set(row.outputs.payoutId, verdict.errors.join(" "));
  }

  for (const row of options.onlyWaiting ? [] : active) {
    if (!isSubmitted(rowStatus(row))) continue;
    const clash = duplicates.get(row.outputs.payoutId);
    if (clash) {
      table.set(row, { error: duplicateIdMessage(row, clash) }, now);
    } else if (row.outputs.fingerprint && row.outputs.fingerprint !== inputFingerprint(row)) {
      result.changedAfterSubmit++;
      if (!row.outputs.error.includes(CHANGED_AFTER_SUBMIT)) {
        const error = row.outputs.error
          ? `${row.outputs.error} ${CHANGED_AFTER_SUBMIT}`
          : CHANGED_AFTER_SUBMIT;
        table.set(row, { error }, now);
      }
    } else if (row.outputs.fingerprint && row.outputs.error.includes(CHANGED_AFTER_SUBMIT)) {
      // The edit was undone: the row shows again what was sent.
      const error = row.outputs.error.replace(CHANGED_AFTER_SUBMIT, "").replace(/ {2,}/g, " ");
      table.set(row, { error: error.trim() }, now);
    }
  }

  const seenPayments = new Map<string, PayoutRow>();
  for (const row of unsubmitted) {
    const errors: string[] = [];
    let payoutId = row.outputs.payoutId;
    if (!payoutId) {
      payoutId = newPayoutId(new Date(ctx.clock.now()), randomHex(ctx.crypto));
      result.newIds++;
    } else if (!isValidPayoutId(payoutId)) {
      errors.push(
        `Payout ID "${payoutId}" is not 1 to 32 letters, digits or underscores: clear it to get a new one.`,
      );
    } else if (duplicates.has(payoutId)) {
      errors.push(duplicateIdMessage(row, duplicates.get(payoutId) ?? []));
    }
    const verdict = validateRow(row.inputs as RowCells, rules);
    errors.push(...verdict.errors);
    const notes = [...verdict.notes];
    const catalogNote = catalogs.find((c) => c.provider === verdict.instruction?.provider)?.note;
    if (catalogNote) notes.push(catalogNote);
    if (verdict.instruction) {
      const i = verdict.instruction;
      const paymentKey = JSON.stringify([i.provider, i.recipient, i.address, i.currency, i.amount]);
      const earlier = seenPayments.get(paymentKey);
      if (earlier)
        notes.push(
          `Warning: row ${earlier.row} pays the same recipient, address, currency and amount; check this is not a double payment.`,
        );
      else seenPayments.set(paymentKey, row);
    }
    const valid = errors.length === 0 && verdict.instruction !== undefined;
    table.set(
      row,
      {
        payoutId,
        status: valid ? "VALID" : "INVALID",
        error: [...errors, ...notes].join(" "),
      },
      now,
    );
    if (valid && verdict.instruction) {
      const instruction = { ...verdict.instruction, payoutId };
      result.valid.push({ row, instruction });
      result.instructions.set(payoutId, instruction);
    } else result.invalid++;
  }
  return result;
}

function duplicateIdMessage(row: PayoutRow, clash: PayoutRow[]): string {
  const others = clash.filter((other) => other !== row).map((other) => other.row);
  return `Payout ID ${row.outputs.payoutId} is also on row ${others.join(", ")}: clear it on the copy (a copied row gets a new ID when validated).`;
}
