/**
 * What the submit dialog's Pay button sends (google.script.run, so anything may arrive): the
 * preview's fingerprint and the shortfalls the payer promised to top up. Read with a schema; a
 * dialog opened before this version sends the fingerprint alone, which promises nothing.
 */
import * as z from "zod/mini";

import { audit } from "../audit/log";
import type { AppContext } from "../context";
import type { TopUpPromise } from "./shortfall";
import { submitPayouts, type SubmitSummary } from "./submit";

export interface SubmitConfirmation {
  /** The preview's fingerprint (reviewFingerprint): the rows the payer saw. */
  fingerprint: string;
  /** Each shortfall the dialog named when the top-up box was ticked; empty when unticked. */
  topUp: TopUpPromise[];
}

const text = (max: number) => z.string().check(z.maxLength(max));

const confirmationSchema = z.union([
  text(200),
  z.object({
    fingerprint: text(200),
    topUp: z
      .array(z.object({ provider: text(64), currency: text(64), shortBy: text(64) }))
      .check(z.maxLength(100)),
  }),
]);

/** Pay: submits the previewed rows when the payload reads as a confirmation; refuses if not. */
export function submitConfirmed(ctx: AppContext, input: unknown): SubmitSummary {
  const parsed = confirmationSchema.safeParse(input);
  if (!parsed.success) {
    const message =
      "The submit dialog sent something that is not a confirmation: nothing was sent. Open Submit payouts again.";
    audit(ctx, "Submit refused", message);
    return { ok: false, message };
  }
  const confirmation =
    typeof parsed.data === "string" ? { fingerprint: parsed.data, topUp: [] } : parsed.data;
  return submitPayouts(ctx, { reviewed: confirmation.fingerprint, topUp: confirmation.topUp });
}
