/** GatePay in the provider registry: batch payouts, chains by GatePay's codes. */
import { offlineOffers } from "../../domain/builtin-catalog";
import type { ProviderEntry, SettingField } from "../entry";
import { readSettings } from "../shared/settings";
import { parseGatePayCallback } from "./callback";
import {
  DEFAULT_GATEPAY_BASE_URL,
  DEFAULT_GATEPAY_MAX_BATCH_SIZE,
  type GatePayConfig,
} from "./config";
import { checkGatePaySetup } from "./setup-check";
import { testGatePayConnection } from "./connection-test";
import { GATEPAY_NETWORKS } from "./networks";
import { gatePayPromise } from "./promise";
import { createGatePayProvider } from "./provider";
import { checkGatePayRow, GATEPAY_REQUIRED } from "./rows";

export const GATEPAY_KEYS = {
  clientId: "GATEPAY_CLIENT_ID",
  secret: "GATEPAY_API_SECRET",
  baseUrl: "GATEPAY_BASE_URL",
  maxBatch: "GATEPAY_MAX_BATCH_SIZE",
  feeMode: "GATEPAY_DEFAULT_FEE_MODE",
} as const;

const SETTINGS: readonly SettingField<(typeof GATEPAY_KEYS)[keyof typeof GATEPAY_KEYS]>[] = [
  {
    key: GATEPAY_KEYS.clientId,
    label: "ClientId",
    kind: "text",
    pattern: /^[\x21-\x7e]{1,128}$/,
    message: "A GatePay ClientId is letters, digits or symbols without spaces (up to 128).",
  },
  {
    key: GATEPAY_KEYS.secret,
    label: "Payment API secret",
    kind: "secret",
    pattern: /^[\x21-\x7e]{8,512}$/,
    message: "A GatePay API secret is at least 8 letters, digits or symbols, without spaces.",
  },
  {
    key: GATEPAY_KEYS.feeMode,
    label: "Fee mode for rows with none",
    kind: "choice",
    choices: ["sender", "recipient"],
    default: "sender",
    accepted: "sender or recipient; sender is used",
    message: "Choose sender or recipient.",
  },
  {
    key: GATEPAY_KEYS.maxBatch,
    label: "Payouts per batch",
    kind: "text",
    pattern: /^(?:1000|[1-9][0-9]{0,2})$/,
    default: String(DEFAULT_GATEPAY_MAX_BATCH_SIZE),
    accepted: `a whole number from 1 to 1000; ${DEFAULT_GATEPAY_MAX_BATCH_SIZE} is used`,
    message: "Enter a whole number from 1 to 1000.",
  },
  {
    key: GATEPAY_KEYS.baseUrl,
    label: "API base URL",
    kind: "text",
    pattern: /^https:\/\/[^\s/]+/,
    default: DEFAULT_GATEPAY_BASE_URL,
    accepted: `an https:// address; ${DEFAULT_GATEPAY_BASE_URL} is used`,
    message: "Enter an https:// address.",
    hidden: true,
  },
];

export const gatePay: ProviderEntry = {
  name: "GatePay",
  callbackParam: "gatepay",
  networks: GATEPAY_NETWORKS,
  // GatePay documents "up to 6 decimal places in general" (a chain's own can be lower).
  offlineOffers: offlineOffers(GATEPAY_NETWORKS, { decimalsCap: 6 }),
  settings: SETTINGS,
  secretKeys: [GATEPAY_KEYS.secret],
  stateKeys: [],
  callbackSetup: {
    summary: "GatePay calls the URL saved in its dashboard: paste it there once.",
    steps: [
      "Open the GatePay merchant dashboard.",
      "Go to the application's settings and find the callback (notification) URL.",
      "Paste the URL above and save.",
    ],
  },
  // GatePay's documented acknowledgement (CONTRACT section 5).
  callbackAck: { body: '{"returnCode":"SUCCESS","returnMessage":""}', json: true },
  parseCallback: (body) => parseGatePayCallback(body),
  setup(store) {
    const { values, warnings } = readSettings(store, SETTINGS);
    const clientId = values[GATEPAY_KEYS.clientId];
    const apiSecret = values[GATEPAY_KEYS.secret];
    const maxBatchSize = Number(values[GATEPAY_KEYS.maxBatch]);
    const defaultFeeMode = values[GATEPAY_KEYS.feeMode] === "recipient" ? "recipient" : "sender";
    const config: GatePayConfig | undefined =
      clientId && apiSecret
        ? {
            clientId,
            apiSecret,
            baseUrl: values[GATEPAY_KEYS.baseUrl].replace(/\/+$/, ""),
            maxBatchSize,
          }
        : undefined;
    const missing = [clientId ? "" : "ClientId", apiSecret ? "" : "API secret"].filter(Boolean);
    return {
      configured: config !== undefined,
      notConfigured: config
        ? ""
        : "GatePay is not configured: set GATEPAY_CLIENT_ID and GATEPAY_API_SECRET (Payouts > Settings).",
      warnings,
      // GatePay has no sandbox: every payout is live.
      testnet: false,
      environment: { mode: "live", text: "live (GatePay has no sandbox: every payout is real)" },
      health: { configured: config !== undefined },
      sendPlan: { kind: "batch", maxSize: maxBatchSize },
      required: GATEPAY_REQUIRED,
      checkRow: (cells, row) => checkGatePayRow(cells, row, defaultFeeMode),
      open: (deps) =>
        config &&
        createGatePayProvider({ http: deps.http, clock: deps.clock, crypto: deps.crypto, config }),
      testConnection: (deps) => testGatePayConnection(deps, config, missing),
      checkSetup: (deps) => (config ? checkGatePaySetup(deps, config) : []),
      promise: gatePayPromise(defaultFeeMode),
    };
  },
};
