/** What the Settings sidebar may show: every setting's value, except secrets (set or not). */
import type { SettingField } from "../../providers/entry";
import { fieldAccepts } from "../../providers/shared/settings";
import type { AppContext } from "../context";
import { setAtKey } from "../keys";
import { autoRefreshInstalled } from "../refresh/auto-refresh";
import { countOpenPayoutsStored } from "../refresh/open-rows";
import { settingsSections } from "./fields";
import { identify } from "../actor";
import { pendingView, type PendingView } from "../controls/pending-policy";

export interface SecretState {
  set: boolean;
  /** ISO time it was set through the sidebar; absent when set elsewhere (Project settings). */
  setAt?: string;
}

export interface FieldView {
  key: string;
  label: string;
  kind: "secret" | "text" | "choice";
  choices?: string[];
  hint?: string;
  /** A change to `when` needs its box ticked. */
  confirm?: { when: string; label: string };
  /** The stored value (its default when unset or unusable); "" for secrets. */
  value: string;
  /** Secrets only: whether it is set, never its value. */
  secret?: SecretState;
}

export interface SectionView {
  id: string;
  title: string;
  testable: boolean;
  fields: FieldView[];
}

export interface SettingsView {
  sections: SectionView[];
  autoRefreshOn: boolean;
  /** The URL Apps Script reports for the deployment, shown when WEB_APP_URL is empty. */
  detectedWebAppUrl: string | null;
  /** Submitted payouts not final yet (some settings cannot change while any exist). */
  openRows: number;
  /** A policy change waiting for a second admin (CONTRACT section 7). */
  pendingPolicy?: PendingView;
}

export function storedSetting(ctx: AppContext, key: string): string {
  return (ctx.store.get(key) ?? "").trim();
}

function secretState(ctx: AppContext, key: string): SecretState {
  if (!storedSetting(ctx, key)) return { set: false };
  const setAt = storedSetting(ctx, setAtKey(key));
  return setAt ? { set: true, setAt } : { set: true };
}

/** The value a field shows: the stored one when its checks accept it, else its default. */
export function currentValue(ctx: AppContext, field: SettingField): string {
  const value = storedSetting(ctx, field.key);
  return value !== "" && fieldAccepts(field, value) ? value : (field.default ?? "");
}

export function fieldView(ctx: AppContext, field: SettingField): FieldView {
  const view: FieldView = {
    key: field.key,
    label: field.label,
    kind: field.kind,
    value: field.kind === "secret" ? "" : currentValue(ctx, field),
  };
  if (field.choices) view.choices = [...field.choices];
  if (field.hint) view.hint = field.hint;
  if (field.confirm) view.confirm = { ...field.confirm };
  if (field.kind === "secret") view.secret = secretState(ctx, field.key);
  return view;
}

export function getSettings(ctx: AppContext): SettingsView {
  return {
    sections: settingsSections().map((section) => ({
      id: section.id,
      title: section.title,
      testable: section.testable,
      fields: section.fields.map((field) => fieldView(ctx, field)),
    })),
    autoRefreshOn: autoRefreshInstalled(ctx),
    detectedWebAppUrl: ctx.webApp.url(),
    openRows: countOpenPayoutsStored(ctx),
    pendingPolicy: pendingView(ctx, identify(ctx)),
  };
}
