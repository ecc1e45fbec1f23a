/**
 * The controls' settings (CONTRACT section 7): roles and approvals. One list drives the Settings
 * sidebar's Controls section, their checks, and the policy read from Script Properties.
 */
import type { SettingField } from "../../providers/entry";
import { KEYS } from "../keys";

const EMAIL = String.raw`[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+`;
/** Comma-separated e-mail addresses, or nothing. */
export const EMAIL_LIST_PATTERN = new RegExp(String.raw`^\s*${EMAIL}(?:\s*,\s*${EMAIL})*\s*,?\s*$`);

const LIMIT = String.raw`[A-Za-z0-9]{2,12}\s*:\s*\d+(?:\.\d+)?`;
/** `CUR:amount` items, comma-separated: USDT:10000, BTC:0.5. */
export const CURRENCY_LIMITS_PATTERN = new RegExp(
  String.raw`^\s*${LIMIT}(?:\s*,\s*${LIMIT})*\s*,?\s*$`,
);

const emailList = <K extends string>(key: K, label: string, hint: string): SettingField<K> => ({
  key,
  label,
  kind: "text",
  pattern: EMAIL_LIST_PATTERN,
  message: "Enter e-mail addresses separated by commas (or leave empty).",
  accepted: "e-mail addresses separated by commas; the list is treated as empty",
  hint,
});

export const CONTROL_FIELDS = [
  emailList(
    KEYS.admins,
    "Admins",
    "Who may change settings and turn auto-refresh on or off. Empty: anyone who can run the add-on.",
  ),
  emailList(KEYS.payers, "Payers", "Who may submit payouts. Empty: anyone who can run the add-on."),
  emailList(
    KEYS.approvers,
    "Approvers",
    "Who may approve rows. Empty: anyone but the row's preparer.",
  ),
  {
    key: KEYS.approvalsRequired,
    label: "Approvals required",
    kind: "choice",
    choices: ["0", "1", "2"],
    default: "0",
    message: "Choose 0 (approvals off), 1 or 2.",
    accepted: "0, 1 or 2; 0 (approvals off) is used",
    hint: "Distinct approvals a row needs before it may be sent; 0 turns approvals off.",
  },
  {
    key: KEYS.secondApprovalAbove,
    label: "Second approval above",
    kind: "text",
    pattern: CURRENCY_LIMITS_PATTERN,
    message: "Enter CURRENCY:amount items separated by commas, e.g. USDT:10000, BTC:0.5.",
    accepted: "CURRENCY:amount items separated by commas; no second approval is asked",
    hint: "With 1 approval required, a row above its currency's figure needs 2.",
  },
  {
    key: KEYS.limitPerRow,
    label: "Limit per row",
    kind: "text",
    pattern: CURRENCY_LIMITS_PATTERN,
    message: "Enter CURRENCY:amount items separated by commas, e.g. USDT:5000, BTC:0.2.",
    accepted: "CURRENCY:amount items separated by commas; no per-row limit applies",
    hint: "A row above its currency's figure is INVALID.",
  },
  {
    key: KEYS.limitPerDay,
    label: "Limit per 24 hours",
    kind: "text",
    pattern: CURRENCY_LIMITS_PATTERN,
    message: "Enter CURRENCY:amount items separated by commas, e.g. USDT:50000.",
    accepted: "CURRENCY:amount items separated by commas; no daily limit applies",
    hint: "The most sent in any 24 hours per currency; rows past it wait.",
  },
  {
    key: KEYS.newAddressCoolOffHours,
    label: "New address cool-off (hours)",
    kind: "text",
    pattern: /^\s*\d{1,4}\s*$/,
    default: "0",
    message: "Enter a whole number of hours from 0 (off) to 9999.",
    accepted: "a whole number of hours; 0 (off) is used",
    hint: "Rows paying an address first seen less than this long ago wait.",
  },
  {
    key: KEYS.approvalExpiresHours,
    label: "Approvals expire after (hours)",
    kind: "text",
    pattern: /^\s*[1-9]\d{0,4}\s*$/,
    default: "72",
    message: "Enter a whole number of hours from 1 to 99999.",
    accepted: "a whole number of hours; 72 is used",
  },
] satisfies readonly SettingField[];

/** Keys whose change waits for a second admin while approvals are on (section 7). */
export const POLICY_KEYS: readonly string[] = CONTROL_FIELDS.map((field) => field.key);
