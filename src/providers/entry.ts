/**
 * What the rest of the add-on knows about a payout provider: one entry per provider, listed in
 * registry.ts. Code outside providers/ looks things up here instead of branching on a name, so
 * adding a provider is its folder and a line in the registry, and an entry that leaves out
 * something the add-on needs does not compile.
 */
import type { CatalogOffer } from "../domain/builtin-catalog";
import type { InputKey } from "../domain/columns";
import type { Amount } from "../domain/money";
import type { PayeePromise } from "../domain/reconciliation/exceptions";
import type { NetworkCodes } from "../domain/networks";
import type { CheckedRow, ProviderCheck, RowCells } from "../domain/row-validation";
import type { Clock, Crypto, Http, Store } from "../ports";
import type { ParsedCallback, Provider } from "./provider";

/** How a provider's payouts are sent. */
export type SendPlan =
  /** Several payouts per create request, under a batch id recorded before it leaves; fees and
   * limits are quoted again right before each batch. */
  | { kind: "batch"; maxSize: number }
  /** One create request per payout, `chunk` of them sent together. */
  | { kind: "each"; chunk: number };

/** A small key-value memory the app keeps for a provider (a hidden sheet per name). */
export interface Directory {
  get(key: string): string | undefined;
  /** Known at once; written with the others at the next save. */
  put(key: string, value: string): void;
  /** Writes what was put since the last save, in one append whatever the count. */
  save(): void;
}

/** What a provider's client may use, beyond its own settings. */
export interface ProviderDeps {
  http: Http;
  clock: Clock;
  crypto: Crypto;
  /** A memory kept across runs, in a sheet of this name (e.g. CoinGate's payees). */
  directory(sheetName: string, headers: readonly [key: string, value: string]): Directory;
  /** A small value kept across runs in Script Properties, under a key the provider declares. */
  state(key: string): { load(): string; save(value: string): void };
  /** Its callback URL (token included), when the web app's URL is known. */
  callbackUrl: string | null;
}

/** The result of Settings > Test connection, in plain words; never a secret. */
export interface ConnectionReport {
  /** The provider's callback parameter, e.g. "coingate". */
  provider: string;
  outcome: "working" | "not_configured" | "wrong_credentials" | "clock" | "unreachable" | "problem";
  message: string;
  /** Choices a setting's drop-down may offer now (e.g. CoinGate's ledger accounts). */
  choices?: Record<string, { value: string; label: string }[]>;
}

/** One finding of Payouts > Check provider setup, in plain words; never a secret. */
export interface SetupCheck {
  name: string;
  ok: boolean;
  message: string;
}

/** What the sheet asks of a provider now: the currencies of its rows that are not final. */
export interface SetupUsage {
  currencies: readonly string[];
}

/** One setting of the Settings sidebar, kept in Script Properties under `key`. */
export interface SettingField<K extends string = string> {
  /** Script Property key. */
  key: K;
  label: string;
  kind: "secret" | "text" | "choice";
  /** For `choice`: the values offered, the default first. */
  choices?: readonly string[];
  /** For `text` and `secret`: what is accepted (empty is always accepted: unset). */
  pattern?: RegExp;
  /** For `text`: a check a pattern cannot say simply (e.g. a list of e-mail addresses). */
  accepts?: (value: string) => boolean;
  /** Why a value was refused, as a person reads it. */
  message: string;
  hint?: string;
  /** A change needs a confirmation box ticked in the sidebar (e.g. CoinGate going live). */
  confirm?: { when: string; label: string };
  /** The value used when the property is empty or cannot be used. */
  default?: string;
  /** What it accepts, for the warning when a stored value cannot be used ("... is used"). */
  accepted?: string;
  /** Set in Project settings only, not in the sidebar. */
  hidden?: boolean;
}

/**
 * Whether its payouts move real money, as the submit dialog shows it above the totals, e.g.
 * `{ mode: "sandbox", text: "sandbox (test payouts: no real money moves)" }`.
 */
export interface ProviderEnvironment {
  mode: "sandbox" | "live";
  /** Shown after the provider's name; says what the mode means for the payer. */
  text: string;
}

/** A provider's settings as Script Properties hold them now, and what they allow. */
export interface ProviderSetup {
  configured: boolean;
  /** Why it cannot run, naming what to set; "" when configured. */
  notConfigured: string;
  /** Settings whose value cannot be used, so a default applies: key names, never values. */
  warnings: string[];
  /** Whether its addresses are testnet ones. */
  testnet: boolean;
  /** Sandbox or live, in words: the submit dialog names it for every provider it pays. */
  environment: ProviderEnvironment;
  /** For the health view: never a secret. */
  health: { configured: boolean } & Record<string, string | boolean>;
  sendPlan: SendPlan;
  /** Inputs a row for it needs. */
  required: readonly InputKey[];
  /** Its own checks of a row, after the shared ones (domain/row-validation.ts). */
  checkRow(cells: RowCells, row: CheckedRow): ProviderCheck;
  /** The client for one run; undefined when not configured. */
  open(deps: ProviderDeps): Provider | undefined;
  /** A read-only check of the saved credentials. */
  testConnection(deps: ProviderDeps): ConnectionReport;
  /**
   * Payouts > Check provider setup: read-only requests about what the provider's documents leave
   * open (ids, accounts, error codes the add-on relies on). Without it, Test connection stands in.
   */
  checkSetup?(deps: ProviderDeps, usage: SetupUsage): SetupCheck[];
  /** Refuses a change of settings that would break payouts already under way. */
  checkChange?(changed: Record<string, string>, openPayouts: number): Record<string, string>;
  /**
   * What the payee of a completed payout should have received, by its reviewed inputs and its
   * fee (reconciliation's AMOUNT_MISMATCH). Optional: without it the payee is expected to
   * receive Amount when it is in Currency (see app/reconcile/promise.ts).
   */
  promise?(input: (key: InputKey) => string, fee: Amount | undefined): PayeePromise | undefined;
}

export interface ProviderEntry {
  /** As the Provider column and messages spell it, e.g. "GatePay". */
  readonly name: string;
  /** `?provider=` of its callback URL, e.g. "gatepay". */
  readonly callbackParam: string;
  readonly networks: NetworkCodes;
  /** What it is assumed to offer when its live catalogue cannot be read. */
  readonly offlineOffers: readonly CatalogOffer[];
  /** Its settings, for the sidebar; their keys are its Script Properties. */
  readonly settings: readonly SettingField[];
  /** Of those, the secrets (never shown, never in a cell or a log line). */
  readonly secretKeys: readonly string[];
  /** Other Script Properties it keeps for itself (not settings). */
  readonly stateKeys: readonly string[];
  /**
   * How its callbacks get set up, for the Callback URLs dialog: a one-line summary, and the steps
   * a person takes in the provider's dashboard (none when the add-on sends the URL itself).
   */
  readonly callbackSetup: { summary: string; steps: readonly string[] };
  /** What doPost answers once its callback is stored. */
  readonly callbackAck: { body: string; json: boolean };
  /** Reads a callback body; throws an Error with a plain message when it is malformed. */
  parseCallback(body: string, contentType: string): ParsedCallback;
  /** Its setup from Script Properties. */
  setup(store: Store): ProviderSetup;
}
