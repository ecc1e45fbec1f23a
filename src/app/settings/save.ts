/**
 * An all-or-nothing save of what a person entered in the Settings sidebar. Every field is
 * checked against its entry in fields.ts; nothing of a secret is ever echoed (messages are fixed
 * sentences, and the answer says only whether each secret is set).
 */
import * as z from "zod/mini";
import type { SettingField } from "../../providers/entry";
import { fieldAccepts } from "../../providers/shared/settings";
import { PROVIDERS } from "../../providers/registry";
import { inAuditedRun } from "../audit/run";
import { audit } from "../audit/log";
import { auditSettingsChange } from "../audit/settings-changes";
import { isoNow, type AppContext } from "../context";
import { KEYS, setAtKey } from "../keys";
import { identify } from "../actor";
import { holdPolicyChanges, needsSecondAdmin } from "../controls/pending-policy";
import { listAllows, parseEmailList } from "../../domain/email-list";
import { autoRefreshInstalled, installAutoRefresh } from "../refresh/auto-refresh";
import { countOpenPayoutsStored } from "../refresh/open-rows";
import { checkOwnWebApp, markOwnWebApp } from "../web-app/own-url";
import { allFields } from "./fields";
import { currentValue, getSettings, storedSetting, type SettingsView } from "./view";

/** What the sidebar sends. */
export interface SettingsForm {
  /** Values by Script Property key; a key left out keeps its value, an empty secret too. */
  values: Record<string, string>;
  /** Secrets to delete. */
  remove: string[];
  /** Keys whose confirmation box is ticked (e.g. CoinGate going live). */
  confirmed: string[];
}

export type SaveResult =
  | { ok: true; message: string; settings: SettingsView }
  | { ok: false; message: string; errors: Record<string, string> };

const formSchema = z.object({
  values: z.record(z.string(), z.string()),
  remove: z.array(z.string()),
  confirmed: z.array(z.string()),
});

function refused(errors: Record<string, string>): SaveResult {
  const count = Object.keys(errors).length;
  return {
    ok: false,
    errors,
    message: `Nothing was saved: ${count === 1 ? "one field needs" : `${count} fields need`} attention.`,
  };
}

/** The value each field would have after the save ("" deletes it); secrets: "" keeps. */
function proposed(ctx: AppContext, form: SettingsForm, field: SettingField): string {
  const given = form.values[field.key];
  if (given === undefined) return field.kind === "secret" ? "" : storedSetting(ctx, field.key);
  return given.trim();
}

export function saveSettings(ctx: AppContext, input: unknown): SaveResult {
  return inAuditedRun(ctx, false, () => save(ctx, input));
}

function save(ctx: AppContext, input: unknown): SaveResult {
  const parsed = formSchema.safeParse(input);
  if (!parsed.success)
    return refused({ form: "The settings could not be read: reload the sidebar." });
  const form = parsed.data;
  const fields = allFields();
  const errors: Record<string, string> = {};
  const changed: Record<string, string> = {};
  for (const field of fields) {
    const value = proposed(ctx, form, field);
    const removing = form.remove.includes(field.key);
    if (field.kind === "secret") {
      if (value && removing)
        errors[field.key] = "Enter a new value or remove the saved one, not both.";
      else if (value && !fieldAccepts(field, value)) errors[field.key] = field.message;
      continue;
    }
    if (form.values[field.key] === undefined) continue; // left out: keeps its value
    const stored = storedSetting(ctx, field.key);
    // A drop-down still unset may stay unset (a GatePay-only team never picks CoinGate's).
    if (value === "" && stored === "") continue;
    if (value !== "" ? !fieldAccepts(field, value) : field.kind === "choice") {
      errors[field.key] = field.message;
      continue;
    }
    if (isChange(ctx, field, value)) changed[field.key] = value;
    const confirm = field.confirm;
    if (confirm && changed[field.key] === confirm.when && !form.confirmed.includes(field.key))
      errors[field.key] = `Confirm the change to ${confirm.when}: ${confirm.label}`;
  }
  const open = countOpenPayoutsStored(ctx);
  for (const entry of PROVIDERS)
    Object.assign(errors, entry.setup(ctx.store).checkChange?.(changed, open) ?? {});
  const url = changed[KEYS.webAppUrl];
  if (url) {
    const own = checkOwnWebApp(ctx, url);
    if (!own.ok) errors[KEYS.webAppUrl] = own.reason;
  }
  const actor = identify(ctx);
  const admins = changed[KEYS.admins];
  if (admins !== undefined && actor && !listAllows(parseEmailList(admins), actor.email))
    errors[KEYS.admins] =
      `You (${actor.email}) would no longer be an admin: add your own address to the list.`;
  if (Object.keys(errors).length > 0) return refused(errors);

  const held =
    actor && needsSecondAdmin(ctx, changed) ? holdPolicyChanges(ctx, actor, changed) : [];
  const written = write(ctx, form, fields, changed);
  const notes = [written.length ? "Settings saved." : held.length ? "" : "Nothing changed."];
  if (held.length > 0) {
    notes.push(
      `The change to ${held.join(", ")} waits for another admin to confirm it in Settings; the old values hold until then.`,
    );
    audit(ctx, "Policy change proposed", `Waiting for a second admin: ${held.join(", ")}`);
  }
  if (written.includes(KEYS.autoRefreshMinutes) && autoRefreshInstalled(ctx))
    notes.push(installAutoRefresh(ctx).message);
  for (const entry of PROVIDERS) {
    const setup = entry.setup(ctx.store);
    const started = entry.settings.some((f) => f.kind !== "choice" && storedSetting(ctx, f.key));
    if (started && !setup.configured) notes.push(setup.notConfigured);
  }
  if (written.length) {
    // Key names only: a value may be a secret.
    ctx.log.info(`Settings changed: ${written.join(", ")}`);
    auditSettingsChange(ctx, written);
  }
  return { ok: true, message: notes.filter(Boolean).join(" "), settings: getSettings(ctx) };
}

/**
 * Whether saving `value` changes anything: a shown default saved back over an empty property is
 * not a change (so untouched fields are neither stored nor audited), an unusable stored value
 * replaced by the default is.
 */
function isChange(ctx: AppContext, field: SettingField, value: string): boolean {
  const stored = storedSetting(ctx, field.key);
  if (value === stored) return false;
  return !(stored === "" && value === currentValue(ctx, field));
}

/** Writes the form; returns the keys whose stored value changed. */
function write(
  ctx: AppContext,
  form: SettingsForm,
  fields: SettingField[],
  changed: Record<string, string>,
): string[] {
  const written: string[] = [];
  for (const field of fields) {
    if (field.kind === "secret") {
      const value = proposed(ctx, form, field);
      if (form.remove.includes(field.key)) {
        if (ctx.store.get(field.key) !== null) written.push(field.key);
        ctx.store.delete(field.key);
        ctx.store.delete(setAtKey(field.key));
      } else if (value) {
        ctx.store.set(field.key, value);
        ctx.store.set(setAtKey(field.key), isoNow(ctx));
        written.push(field.key);
      }
      continue;
    }
    const value = changed[field.key];
    if (value === undefined) continue;
    if (value === "") ctx.store.delete(field.key);
    else ctx.store.set(field.key, value);
    written.push(field.key);
  }
  const url = storedSetting(ctx, KEYS.webAppUrl);
  if (url) markOwnWebApp(ctx, url);
  else ctx.store.delete(KEYS.webAppUrlVerified);
  return written;
}
