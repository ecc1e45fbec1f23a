/** CoinGate in the provider registry: one send request per payout, platforms by id_name. */
import { offlineOffers } from "../../domain/builtin-catalog";
import type { ProviderEntry, SettingField } from "../entry";
import { readSettings } from "../shared/settings";
import { parseCoinGateCallback } from "./callback";
import { DEFAULT_CHUNK_SIZE, type CoinGateConfig } from "./config";
import { testCoinGateConnection } from "./connection-test";
import { COINGATE_NETWORKS } from "./networks";
import { coinGatePromise } from "./promise";
import { createCoinGateProvider } from "./provider";
import { checkCoinGateRow, COINGATE_REQUIRED } from "./rows";
import { checkCoinGateSetup } from "./setup-check";

export const COINGATE_KEYS = {
  token: "COINGATE_API_TOKEN",
  environment: "COINGATE_ENVIRONMENT",
  ledgerAccount: "COINGATE_LEDGER_ACCOUNT_ID",
  exchange: "COINGATE_EXCHANGE",
  recentRequests: "COINGATE_RECENT_REQUESTS",
} as const;

/** The sheet where the beneficiary payout settings it created are remembered. */
export const COINGATE_PAYEES_SHEET = "CoinGate payees";

/** The keys of the settings (COINGATE_KEYS but its state key). */
type SettingKey = Exclude<
  (typeof COINGATE_KEYS)[keyof typeof COINGATE_KEYS],
  typeof COINGATE_KEYS.recentRequests
>;

const SETTINGS: readonly SettingField<SettingKey>[] = [
  {
    key: COINGATE_KEYS.environment,
    label: "Environment",
    kind: "choice",
    choices: ["sandbox", "live"],
    default: "sandbox",
    accepted: "sandbox or live; sandbox is used",
    message: "Choose sandbox or live.",
    confirm: { when: "live", label: "Live payouts move real money." },
  },
  {
    key: COINGATE_KEYS.token,
    label: "API token",
    kind: "secret",
    pattern: /^[\x21-\x7e]{8,512}$/,
    message: "A CoinGate API token is at least 8 letters, digits or symbols, without spaces.",
  },
  {
    key: COINGATE_KEYS.ledgerAccount,
    label: "Ledger account",
    kind: "text",
    pattern: /^[A-Za-z0-9_-]{1,64}$/,
    message: "A ledger account id is letters, digits, - or _ (up to 64), or empty for automatic.",
    hint: "Empty: the account in the payout's currency.",
  },
  {
    key: COINGATE_KEYS.exchange,
    label: "Currency exchange",
    kind: "choice",
    choices: ["cancel", "confirm"],
    default: "cancel",
    accepted: "cancel or confirm; cancel is used",
    message: "Choose cancel or confirm.",
  },
];

/** Which built-in listings CoinGate is assumed to pay (currency:network key). */
const OFFERED = new Set([
  "USDT:ethereum",
  "USDT:tron",
  "USDT:bsc",
  "USDT:solana",
  "USDT:polygon",
  "USDC:ethereum",
  "USDC:solana",
  "USDC:polygon",
  "USDC:arbitrum",
  "USDC:optimism",
  "USDC:base",
  "BTC:bitcoin",
  "ETH:ethereum",
  "ETH:arbitrum",
  "ETH:optimism",
  "ETH:base",
  "LTC:litecoin",
  "TRX:tron",
  "SOL:solana",
  "BNB:bsc",
  "XRP:xrp",
  "TON:ton",
  "DOGE:dogecoin",
  "POL:polygon",
  "DAI:ethereum",
  "BCH:bitcoin_cash",
]);

export const coinGate: ProviderEntry = {
  name: "CoinGate",
  callbackParam: "coingate",
  networks: COINGATE_NETWORKS,
  // CoinGate amounts are capped at 8 decimals.
  offlineOffers: offlineOffers(COINGATE_NETWORKS, {
    decimalsCap: 8,
    offered: (currency, network) => OFFERED.has(`${currency}:${network}`),
  }),
  settings: SETTINGS,
  secretKeys: [COINGATE_KEYS.token],
  stateKeys: [COINGATE_KEYS.recentRequests],
  callbackSetup: {
    summary: "The add-on sends this URL with every send request; nothing to set up.",
    steps: [],
  },
  // CoinGate gives up on a callback that is not answered 200, and reads nothing in the body.
  callbackAck: { body: "OK", json: false },
  parseCallback: parseCoinGateCallback,
  setup(store) {
    const { values, warnings } = readSettings(store, SETTINGS);
    const environment = values[COINGATE_KEYS.environment] === "live" ? "live" : "sandbox";
    const config: Omit<CoinGateConfig, "callbackUrl"> | undefined = values[COINGATE_KEYS.token]
      ? {
          apiToken: values[COINGATE_KEYS.token],
          environment,
          ledgerAccountId: values[COINGATE_KEYS.ledgerAccount] || undefined,
          exchange: values[COINGATE_KEYS.exchange] === "confirm" ? "confirm" : "cancel",
        }
      : undefined;
    return {
      configured: config !== undefined,
      notConfigured: config
        ? ""
        : "CoinGate is not configured: set COINGATE_API_TOKEN (Payouts > Settings).",
      warnings,
      testnet: environment === "sandbox",
      environment:
        environment === "sandbox"
          ? { mode: "sandbox", text: "sandbox (test payouts: no real money moves)" }
          : { mode: "live", text: "live (every payout is real)" },
      health: { configured: config !== undefined, environment },
      sendPlan: { kind: "each", chunk: DEFAULT_CHUNK_SIZE },
      required: COINGATE_REQUIRED,
      checkRow: checkCoinGateRow,
      open: (deps) =>
        config &&
        createCoinGateProvider({
          http: deps.http,
          clock: deps.clock,
          payees: deps.directory(COINGATE_PAYEES_SHEET, [
            "Payee key",
            "Beneficiary payout setting ID",
          ]),
          requestHistory: timesIn(deps.state(COINGATE_KEYS.recentRequests)),
          config: { ...config, callbackUrl: deps.callbackUrl ?? undefined },
        }),
      testConnection: (deps) => testCoinGateConnection(deps, config, environment),
      checkSetup: (deps, usage) => (config ? checkCoinGateSetup(deps, config, usage) : []),
      promise: coinGatePromise,
      checkChange(changed, openPayouts): Record<string, string> {
        const next = changed[COINGATE_KEYS.environment];
        // Refresh and recovery would look for those payouts in the other environment.
        return next !== undefined && next !== environment && openPayouts > 0
          ? {
              [COINGATE_KEYS.environment]:
                `${openPayouts} submitted payout(s) are not final yet. Change the environment once every ` +
                "submitted row is final.",
            }
          : {};
      },
    };
  },
};

/**
 * The last minute's request times, kept as offsets from the first (at most 200 times, about
 * 3 KB), so that consecutive executions share CoinGate's rate limit.
 */
function timesIn(state: { load(): string; save(value: string): void }) {
  return {
    load(): number[] {
      const [first, ...offsets] = state.load().split(",").filter(Boolean).map(Number);
      return first === undefined ? [] : [first, ...offsets.map((offset) => first + offset)];
    },
    save(answeredAt: number[]): void {
      const [first, ...rest] = answeredAt;
      state.save(first === undefined ? "" : [first, ...rest.map((t) => t - first)].join(","));
    },
  };
}
