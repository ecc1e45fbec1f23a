/**
 * Every setting the sidebar shows, in sections: each provider's own fields (from its registry
 * entry), then the add-on's. One list drives the view, the checks and the save.
 */
import type { SettingField } from "../../providers/entry";
import { PROVIDERS } from "../../providers/registry";
import { AUTO_REFRESH_CHOICES } from "../config";
import { RPC_URLS_PATTERN } from "../../domain/evm/rpc-urls";
import { TOKEN_OVERRIDES_PATTERN } from "../../domain/evm/tokens";
import { isEmailList } from "../../domain/email-list";
import { KEYS } from "../keys";
import { CONTROL_FIELDS } from "../controls/fields";

export interface SettingsSection {
  /** A provider's callback parameter (its Test connection button), or "addon". */
  id: string;
  title: string;
  /** Whether Test connection applies. */
  testable: boolean;
  fields: readonly SettingField[];
}

/** The deployed web app: script.google.com/macros/s/ID/exec, or .../a/macros/DOMAIN/s/ID/exec. */
export const WEB_APP_URL_PATTERN =
  /^https:\/\/script\.google\.com\/(?:a\/macros\/[A-Za-z0-9.-]+|macros)\/s\/[A-Za-z0-9_-]+\/exec$/;

const ADDON_FIELDS: readonly SettingField[] = [
  {
    key: KEYS.autoRefreshMinutes,
    label: "Auto-refresh every (minutes)",
    kind: "choice",
    choices: ["10", ...AUTO_REFRESH_CHOICES.map(String).filter((minutes) => minutes !== "10")],
    default: "10",
    message: `Choose one of ${AUTO_REFRESH_CHOICES.join(", ")} minutes.`,
  },
  {
    key: KEYS.webAppUrl,
    label: "Web app URL",
    kind: "text",
    pattern: WEB_APP_URL_PATTERN,
    message: "Paste the web app URL: https://script.google.com/macros/s/.../exec (or leave empty).",
  },
  {
    // A secret: node URLs often carry an API key.
    key: KEYS.chainRpcUrls,
    label: "Chain RPC URLs (on-chain checks)",
    kind: "secret",
    pattern: RPC_URLS_PATTERN,
    message:
      "Enter network:url pairs separated by commas, each an EVM network and an https:// JSON-RPC URL, e.g. ETH:https://eth.example/v1/KEY, BSC:https://bsc.example.",
    hint: "Reconcile checks each completed EVM payout's transaction there. Empty: no on-chain checks.",
  },
  {
    key: KEYS.chainTokens,
    label: "Extra token contracts",
    kind: "text",
    pattern: TOKEN_OVERRIDES_PATTERN,
    message:
      "Enter NETWORK:SYMBOL:0xCONTRACT:DECIMALS entries separated by commas, e.g. ETH:PYUSD:0x6c3ea9036406852006290770bedfcaba0e23a0e8:6.",
    hint: "Adds to or overrides the built-in USDT/USDC/DAI table the on-chain checks use.",
  },
  {
    key: KEYS.notifyEmails,
    label: "E-mail notifications to",
    kind: "text",
    accepts: isEmailList,
    message: "Enter e-mail addresses separated by commas (or leave empty for no e-mails).",
    hint:
      "Who gets an e-mail when a run leaves payouts FAILED, REJECTED or stuck, and the daily " +
      "digest with the audit log's latest hash. Empty: no e-mails.",
  },
];

export function settingsSections(): SettingsSection[] {
  return [
    ...PROVIDERS.map((entry) => ({
      id: entry.callbackParam,
      title: entry.name,
      testable: true,
      fields: entry.settings.filter((field) => !field.hidden),
    })),
    {
      id: "controls",
      title: "Controls: roles and approvals",
      testable: false,
      fields: CONTROL_FIELDS,
    },
    { id: "addon", title: "Add-on", testable: false, fields: ADDON_FIELDS },
  ];
}

export function allFields(): SettingField[] {
  return settingsSections().flatMap((section) => [...section.fields]);
}
