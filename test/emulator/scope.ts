/** What every emulated service object of one execution is bound to. */
import type { ExecutionRuntime } from "./runtime";
import type { Realm } from "./realm";
import type { EmulatorState } from "./state";
import type { UiRecord } from "./services/ui";
import type { ActiveSelection } from "./spreadsheet/selection";

/** How the execution was started; decides what Apps Script allows (getUi, document lock...). */
export type RunContext = "menu" | "trigger" | "webapp" | "editor";

export interface Scope {
  readonly rt: ExecutionRuntime;
  readonly realm: Realm;
  readonly state: EmulatorState;
  readonly context: RunContext;
  readonly executionId: number;
  readonly ui: UiRecord;
  /** Scripted answers for alert/prompt, consumed in order. */
  readonly uiResponses: string[];
  /** Session.getActiveUser().getEmail(): "" when Apps Script hides the person. */
  readonly activeUser: string;
  /** Session.getEffectiveUser().getEmail(): the owner, or an installable trigger's creator. */
  readonly effectiveUser: string;
  /** The person's selection; undefined: the first sheet's A1. */
  readonly selection?: ActiveSelection;
}
