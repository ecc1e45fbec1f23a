export { Emulator } from "./emulator";
export type {
  EmulatorOptions,
  Execution,
  PropertiesView,
  RunOptions,
  SheetView,
  TriggerInfo,
  WebExecution,
} from "./emulator";
export type { Fault, Meter } from "./runtime";
export { TIME_LIMIT_MESSAGE } from "./runtime";
export type { RunContext } from "./scope";
export type {
  UiRecord,
  MenuRecord,
  MenuEntry,
  AlertRecord,
  PromptRecord,
  DialogRecord,
} from "./services/ui";
export type { SentMail } from "./services/mail";
export type { Selection } from "./spreadsheet/selection";
export { COSTS, MAX_EXECUTION_MS, costOf } from "./costs";
export type { WebRequest, WebEvent } from "./web-event";
