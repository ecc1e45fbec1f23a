/**
 * Validates the rows not yet submitted: VALID or INVALID with every reason in Error, a Payout ID
 * for each row that has none, duplicate checks across rows and against every payout the record
 * holds. Rows showing a recorded payout are the record's (app/record/view.ts), never re-validated.
 */
import { INPUT_KEYS, type InputKey } from "../../domain/columns";
import type { PayoutInstruction, ProviderName } from "../../domain/payout";
import { paymentKey } from "../../domain/payment-key";
import { isAbove, type CurrencyLimits } from "../../domain/currency-limits";
import { isValidPayoutId, newPayoutId } from "../../domain/payout-id";
import type { PayoutRecord } from "../../domain/record";
import {
  validateRow,
  type RowCells,
  type RowProvider,
  type ValidationRules,
} from "../../domain/row-validation";
import { providerNamed } from "../../providers/registry";
import { isStatus, type Status } from "../../domain/status";
import { isoNow, type AppContext } from "../context";
import type { PayoutRow, PayoutTable } from "../payout-table";
import type { Providers } from "../providers";
import { randomHex } from "../random";
import type { Journal } from "../record/journal";
import type { RowPlan } from "../record/view";
import {
  reviewRows,
  type ReviewContext,
  type RowReview,
  type ValidRow,
} from "../approvals/review-rows";

export interface CatalogSource {
  provider: ProviderName;
  source: "live" | "built-in";
  note?: string;
}

export interface ValidationResult {
  /** VALID (or APPROVED) rows, what would be sent for each, and the approvals they have. */
  valid: RowReview[];
  invalid: number;
  newIds: number;
  catalogs: CatalogSource[];
}

/** What the rules of a run check rows against, with where each provider's offers came from. */
export interface LoadedRules {
  rules: ValidationRules;
  catalogs: CatalogSource[];
}

/** The Status cell as a status ("" when it holds anything else). */
export function rowStatus(row: PayoutRow): Status {
  const text = row.outputs.status.toUpperCase();
  return isStatus(text) ? text : "";
}

/**
 * The rules rows are checked against: every provider of the registry with its setup, and the
 * offers of those the rows name: the provider's own lists when configured, else its built-in
 * ones.
 */
export function loadRules(rows: PayoutRow[], providers: Providers): LoadedRules {
  const catalogs: CatalogSource[] = [];
  const rules: RowProvider[] = providers.all.map(({ entry, setup, client }) => {
    const rule: RowProvider = {
      name: entry.name,
      networks: entry.networks,
      required: setup.required,
      testnet: setup.testnet,
      check: setup.checkRow,
    };
    const wanted = rows.filter((row) => providerNamed(row.inputs.provider.text) === entry);
    if (wanted.length === 0) return rule;
    if (client) {
      const currencies = [...new Set(wanted.map((row) => row.inputs.currency.text.toUpperCase()))];
      try {
        const { offers } = client.catalog(currencies.filter(Boolean));
        catalogs.push({ provider: entry.name, source: "live" });
        return { ...rule, offers };
      } catch (error) {
        catalogs.push({
          provider: entry.name,
          source: "built-in",
          note: `${entry.name}'s currency list could not be read (${error instanceof Error ? error.message : String(error)}); the built-in table was used.`,
        });
      }
    } else catalogs.push({ provider: entry.name, source: "built-in" });
    return { ...rule, offers: entry.offlineOffers.map((offer) => ({ ...offer })) };
  });
  return { catalogs, rules: { providers: rules } };
}

/** What the row's inputs would be sent as now, or why they cannot be. */
export function instructionFor(
  row: PayoutRow,
  rules: ValidationRules,
): { instruction?: PayoutInstruction; errors: string[] } {
  const verdict = validateRow(row.inputs as RowCells, rules);
  if (!verdict.instruction || verdict.errors.length > 0) return { errors: verdict.errors };
  return {
    errors: [],
    instruction: { ...verdict.instruction, payoutId: row.outputs.payoutId },
  };
}

function fieldsOf(inputs: readonly string[]): Record<InputKey, string> {
  return Object.fromEntries(INPUT_KEYS.map((key, index) => [key, inputs[index] ?? ""])) as Record<
    InputKey,
    string
  >;
}

function keyOfInputs(inputs: readonly string[]): string {
  const fields = fieldsOf(inputs);
  return paymentKey(fields);
}

/** Every payout the record holds that may pay (not refused, not back in review), by payment. */
function recordedPayments(journal: Journal): Map<string, PayoutRecord> {
  const payments = new Map<string, PayoutRecord>();
  for (const record of journal.all()) {
    if (record.phase === "returned" || record.phase === "rejected") continue;
    payments.set(keyOfInputs(record.inputs), record);
  }
  return payments;
}

/** LIMIT_PER_ROW: why a row is above its currency's figure, or undefined. */
function rowLimitError(
  instruction: Pick<PayoutInstruction, "amount" | "amountCurrency" | "currency">,
  limits: CurrencyLimits,
): string | undefined {
  const currency = (instruction.amountCurrency ?? instruction.currency).toUpperCase();
  if (!isAbove(limits, currency, instruction.amount)) return undefined;
  return `Amount ${instruction.amount} ${currency} is above LIMIT_PER_ROW (${limits.get(currency)} ${currency}).`;
}

export function validateRows(
  ctx: AppContext,
  table: PayoutTable,
  plan: RowPlan,
  journal: Journal,
  loaded: LoadedRules,
  review: ReviewContext,
): ValidationResult {
  const now = isoNow(ctx);
  const { rules, catalogs } = loaded;
  const duplicates = table.duplicateIds();
  const result: ValidationResult = { valid: [], invalid: 0, newIds: 0, catalogs };
  const recorded = recordedPayments(journal);
  const seenPayments = new Map<string, PayoutRow>();
  const valid: ValidRow[] = [];
  for (const row of plan.unsubmitted) {
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
      const others = (duplicates.get(payoutId) ?? [])
        .filter((other) => other !== row)
        .map((other) => other.row);
      errors.push(
        `Payout ID ${payoutId} is also on row ${others.join(", ")}: clear it on the copy (a copied row gets a new ID when validated).`,
      );
    }
    const verdict = validateRow(row.inputs as RowCells, rules);
    errors.push(...verdict.errors);
    if (verdict.instruction) {
      const aboveLimit = rowLimitError(verdict.instruction, review.controls.limitPerRow);
      if (aboveLimit) errors.push(aboveLimit);
    }
    const notes = [...(plan.notes.get(row) ?? []), ...verdict.notes];
    const catalogNote = catalogs.find((c) => c.provider === verdict.instruction?.provider)?.note;
    if (catalogNote) notes.push(catalogNote);
    // Likely double payments: in Error, and listed again beside the row in the submit dialog.
    const warnings: string[] = [];
    if (verdict.instruction) {
      const key = paymentKey(fieldsOf(INPUT_KEYS.map((k) => row.inputs[k].text)));
      const earlier = seenPayments.get(key);
      const sent = recorded.get(key);
      if (earlier)
        warnings.push(
          `Warning: row ${earlier.row} pays the same recipient, address, currency and amount; check this is not a double payment.`,
        );
      else seenPayments.set(key, row);
      if (sent && sent.payoutId !== payoutId)
        warnings.push(
          `Warning: payout ${sent.payoutId} (${sent.status}) went to the same recipient, address, currency and amount; check this is not a double payment.`,
        );
      notes.push(...warnings);
    }
    const passes = errors.length === 0 && verdict.instruction !== undefined;
    table.set(
      row,
      {
        payoutId,
        status: passes ? "VALID" : "INVALID",
        error: [...errors, ...notes].join(" "),
      },
      now,
    );
    if (passes && verdict.instruction) {
      valid.push({
        row,
        instruction: { ...verdict.instruction, payoutId },
        baseError: row.outputs.error,
        warnings,
      });
    } else result.invalid++;
  }
  // Rows whose Payout ID is their own (not malformed, not copied) have a review of their own.
  const reviewable = plan.unsubmitted.filter(
    (row) => isValidPayoutId(row.outputs.payoutId) && !duplicates.has(row.outputs.payoutId),
  );
  result.valid = reviewRows(ctx, table, journal, reviewable, valid, review);
  return result;
}
