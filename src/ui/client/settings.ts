/**
 * The Settings sidebar, built from the settings view (app/settings/view.ts): one fieldset per
 * section, each field drawn by its kind, a Test connection button for each testable section.
 * Nothing here names a provider: what a section holds comes from the registry through the view.
 *
 * Element ids derive from the Script Property key: field-KEY (the control), hint-KEY, status-KEY
 * (a secret's state), remove-KEY (a secret's remove box), confirm-KEY (a confirmation box),
 * error-KEY; and from a section's id: section-ID, test-ID, result-ID.
 *
 * A secret's value never reaches the page: the view says only whether it is set and since when,
 * and its field is a write-only password input, emptied after every save.
 */
import type { KEYS } from "../../app/keys";
import type { SettingsForm } from "../../app/settings/save";
import type { FieldView, SectionView, SettingsView } from "../../app/settings/view";
import type { ConnectionReport } from "../../providers/entry";
import { closeDialog, run } from "../bridge";
import { byId, dialogData, element, failureMessage, isBusy, setBusy } from "./page";

type Choice = { value: string; label: string };
type Control = HTMLInputElement | HTMLSelectElement;

// The add-on's own settings the view says more about (whether auto-refresh is on, the URL Apps
// Script reports). Typed against app/keys.ts, spelt here only so as not to bundle every key.
const AUTO_REFRESH: (typeof KEYS)["autoRefreshMinutes"] = "AUTO_REFRESH_MINUTES";
const WEB_APP_URL: (typeof KEYS)["webAppUrl"] = "WEB_APP_URL";

const form = byId<HTMLFormElement>("settings");
const saveButton = byId<HTMLButtonElement>("save");
const saveStatus = byId("saveStatus");

let view: SettingsView = dialogData<"Settings">().settings;
/** What the last connection test of each section offered, by field key. */
const offered = new Map<string, Choice[]>();

function fields(of: SettingsView = view): FieldView[] {
  return of.sections.flatMap((section) => section.fields);
}

function sectionOf(key: string, of: SettingsView = view): SectionView | undefined {
  return of.sections.find((section) => section.fields.some((field) => field.key === key));
}

function control(key: string): Control {
  return byId<Control>(`field-${key}`);
}

function checkbox(id: string): HTMLInputElement {
  return byId<HTMLInputElement>(id);
}

function option(select: HTMLSelectElement, value: string, label: string): void {
  const item = element("option", { text: label });
  item.value = value;
  select.appendChild(item);
}

/** A drop-down's options: numbers in order, the default (listed first by the view) marked. */
function choiceOptions(field: FieldView): Choice[] {
  const choices = field.choices ?? [];
  const labelled = choices.map((value, index) => ({
    value,
    label: index === 0 && choices.length > 1 ? `${value} (default)` : value,
  }));
  return choices.every((value) => /^\d+$/.test(value))
    ? labelled.sort((a, b) => Number(a.value) - Number(b.value))
    : labelled;
}

/** "API token" → "API token"; "Payment API secret" → "payment API secret". */
function inSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

function when(iso: string): string {
  const date = new Date(iso);
  return isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

// ---- building the page from the view -----------------------------------------------------

function buildField(field: FieldView): HTMLElement {
  const key = field.key;
  const row = element("div", { className: "field", id: `row-${key}` });
  const label = element("label", { text: field.label });
  label.htmlFor = `field-${key}`;
  row.appendChild(label);

  let input: Control;
  if (field.kind === "choice") {
    input = element("select");
    for (const choice of choiceOptions(field)) option(input, choice.value, choice.label);
  } else {
    input = element("input");
    input.type = field.kind === "secret" ? "password" : "text";
    input.autocomplete = field.kind === "secret" ? "new-password" : "off";
    input.spellcheck = false;
  }
  input.id = `field-${key}`;
  input.name = key;
  row.appendChild(input);
  const described: string[] = [];

  if (field.hint || key === AUTO_REFRESH || key === WEB_APP_URL) {
    row.appendChild(element("p", { className: "hint", id: `hint-${key}`, text: field.hint }));
    described.push(`hint-${key}`);
  }
  if (field.kind === "secret") {
    row.appendChild(element("p", { className: "status", id: `status-${key}` }));
    described.push(`status-${key}`);
    const remove = element("label", { className: "check", id: `remove-row-${key}` });
    const box = element("input", { id: `remove-${key}` });
    box.type = "checkbox";
    remove.append(box, `Remove the saved ${inSentence(field.label)}`);
    box.addEventListener("change", () => {
      input.disabled = box.checked;
      if (box.checked) input.value = "";
    });
    row.appendChild(remove);
  }
  if (field.confirm) {
    const confirm = element("div", { className: "confirm", id: `confirm-row-${key}` });
    confirm.hidden = true;
    const note = element("p", { id: `confirm-note-${key}`, text: field.confirm.label });
    const check = element("label", { className: "check" });
    const box = element("input", { id: `confirm-${key}` });
    box.type = "checkbox";
    box.setAttribute("aria-describedby", note.id);
    check.append(box, `Confirm the change to ${field.confirm.when}`);
    confirm.append(note, check);
    row.appendChild(confirm);
    input.addEventListener("change", () => {
      showConfirmation(field);
      // The box takes the focus (as the old "Use live" button did): a screen reader reads it
      // with its warning at once, and the next Space ticks it.
      if (!confirm.hidden) box.focus();
    });
  }
  row.appendChild(element("p", { className: "error", id: `error-${key}` }));
  described.push(`error-${key}`);
  input.setAttribute("aria-describedby", described.join(" "));
  // A message stays until the field is changed or the next save answers.
  input.addEventListener("input", () => showError(key, ""));
  return row;
}

function buildSection(section: SectionView): HTMLFieldSetElement {
  const fieldset = element("fieldset", { id: `section-${section.id}` });
  fieldset.appendChild(element("legend", { text: section.title }));
  for (const field of section.fields) fieldset.appendChild(buildField(field));
  if (section.testable) {
    const test = element("div", { className: "test" });
    const button = element("button", { id: `test-${section.id}`, text: "Test connection" });
    button.type = "button";
    button.setAttribute("aria-describedby", `result-${section.id}`);
    button.addEventListener("click", () => testSection(section.id));
    const result = element("p", { className: "result", id: `result-${section.id}` });
    result.setAttribute("role", "status");
    test.append(button, result);
    fieldset.appendChild(test);
  }
  return fieldset;
}

// ---- showing a view ------------------------------------------------------------------------

/**
 * A drop-down offering `choices` (the field's current value kept selectable) in place of the
 * field's control; `null`: the choices are not known now (e.g. other credentials were saved),
 * so a drop-down built from earlier ones keeps only the current value.
 */
function offerChoices(key: string, choices: Choice[] | null): void {
  const field = fields().find((f) => f.key === key);
  if (!field || field.kind === "secret") return;
  const current = control(key);
  if (choices === null && !(current instanceof HTMLSelectElement)) return;
  const chosen = current.value;
  let select: HTMLSelectElement;
  if (current instanceof HTMLSelectElement) {
    select = current;
    select.innerHTML = "";
  } else {
    // A text field becomes a drop-down with the same id, name, label and descriptions.
    select = element("select", { id: current.id });
    select.name = current.name;
    select.setAttribute("aria-describedby", current.getAttribute("aria-describedby") ?? "");
    select.addEventListener("input", () => showError(key, ""));
    const focused = document.activeElement === current;
    current.replaceWith(select);
    if (focused) select.focus();
  }
  const list = choices ?? (field.kind === "choice" ? choiceOptions(field) : []);
  // Empty is a value a text field accepts (it means unset; its hint says what that does).
  if (field.kind === "text") option(select, "", "(empty)");
  for (const choice of list) option(select, choice.value, choice.label);
  if (chosen && !list.some((choice) => choice.value === chosen))
    option(select, chosen, choices ? `${chosen} (not found)` : chosen);
  select.value = chosen;
}

function showSecret(field: FieldView): void {
  const key = field.key;
  const set = field.secret?.set ?? false;
  const input = control(key) as HTMLInputElement;
  const status = byId(`status-${key}`);
  status.textContent = set
    ? `Set${field.secret?.setAt ? ` since ${when(field.secret.setAt)}` : ""}. Leave empty to keep it.`
    : "Not set.";
  status.className = set ? "status set" : "status";
  input.value = "";
  input.disabled = false;
  input.placeholder = set ? "Type a new value to replace it" : "";
  checkbox(`remove-${key}`).checked = false;
  byId(`remove-row-${key}`).hidden = !set;
}

/** A confirmation box shows while the chosen value is the one to confirm and is not saved yet. */
function showConfirmation(field: FieldView): void {
  if (!field.confirm) return;
  const row = byId(`confirm-row-${field.key}`);
  const chosen = control(field.key).value;
  const needed = chosen === field.confirm.when && chosen !== field.value;
  if (!needed) checkbox(`confirm-${field.key}`).checked = false;
  row.hidden = !needed;
}

/** A banner per setting that needs a confirmation (e.g. an environment), with its saved value. */
function showBanners(): void {
  const banners = byId("banners");
  banners.innerHTML = "";
  for (const section of view.sections) {
    for (const field of section.fields) {
      if (!field.confirm) continue;
      const on = field.value === field.confirm.when;
      const banner = element("div", {
        className: on ? "env on" : "env",
        id: `banner-${field.key}`,
        text: `${section.title} ${inSentence(field.label)}: ${field.value.toUpperCase()}`,
      });
      banner.setAttribute("role", "note");
      if (on) banner.appendChild(element("small", { text: field.confirm.label }));
      banners.appendChild(banner);
    }
  }
}

function showAddonNotes(): void {
  const refresh = document.getElementById(`hint-${AUTO_REFRESH}`);
  if (refresh)
    refresh.textContent = view.autoRefreshOn
      ? "Auto-refresh is on; a new interval applies when you save."
      : "Auto-refresh is off (Payouts > Turn on auto-refresh).";
  const url = document.getElementById(`field-${WEB_APP_URL}`) as HTMLInputElement | null;
  const urlHint = document.getElementById(`hint-${WEB_APP_URL}`);
  if (url)
    url.placeholder = view.detectedWebAppUrl || "https://script.google.com/macros/s/.../exec";
  if (urlHint)
    urlHint.textContent = view.detectedWebAppUrl
      ? "Only needed if it differs from the deployment Apps Script reports."
      : "Paste the web app's /exec URL after deploying it.";
}

/** A policy change waiting for a second admin: what it changes, and Confirm / Discard. */
function showPending(): void {
  const box = byId("pending");
  box.innerHTML = "";
  const pending = view.pendingPolicy;
  if (!pending) return;
  box.appendChild(
    element("p", {
      text: `Waiting for a second admin: ${pending.by} changed the controls on ${when(pending.at)}. The old values hold until another admin confirms.`,
    }),
  );
  const list = element("ul");
  for (const change of pending.changes)
    list.appendChild(
      element("li", {
        text: `${change.label}: ${change.from || "(empty)"} → ${change.to || "(empty)"}`,
      }),
    );
  box.appendChild(list);
  const decide = (name: "settingsConfirmPolicy" | "settingsDiscardPolicy", label: string) => {
    const button = element("button", { text: label, id: name });
    button.type = "button";
    button.addEventListener("click", () => {
      if (isBusy(button)) return;
      setBusy(button, true);
      run(name).then(
        (result) => {
          setBusy(button, false);
          if (!result.ok) return setStatus(result.message, "failed");
          show(result.settings);
          setStatus(result.message, "saved");
        },
        (error: unknown) => {
          setBusy(button, false);
          setStatus(`Could not reach the server: ${failureMessage(error)}`, "failed");
        },
      );
    });
    box.appendChild(button);
  };
  if (pending.canConfirm) decide("settingsConfirmPolicy", "Confirm the change");
  decide("settingsDiscardPolicy", "Discard it");
}

function show(next: SettingsView): void {
  view = next;
  showPending();
  for (const field of fields()) {
    if (field.kind === "secret") {
      showSecret(field);
      continue;
    }
    const input = control(field.key);
    if (
      input instanceof HTMLSelectElement &&
      ![...input.options].some((o) => o.value === field.value)
    )
      option(input, field.value, field.value);
    input.value = field.value;
    showConfirmation(field);
  }
  for (const [key, choices] of offered) offerChoices(key, choices);
  showBanners();
  showAddonNotes();
}

function showError(key: string, message: string): void {
  const error = document.getElementById(`error-${key}`);
  if (!error) return;
  error.textContent = message;
  if (message) control(key).setAttribute("aria-invalid", "true");
  else control(key).removeAttribute("aria-invalid");
}

/** Each field's message (or none); the first field with one, in page order. */
function showErrors(errors: Record<string, string>): Control | undefined {
  let first: Control | undefined;
  for (const field of fields()) {
    const message = errors[field.key] ?? "";
    showError(field.key, message);
    if (message && !first) first = control(field.key);
  }
  return first;
}

function setStatus(text: string, kind: "" | "failed" | "saved" = ""): void {
  saveStatus.textContent = text;
  saveStatus.className = kind;
}

// ---- saving --------------------------------------------------------------------------------

/**
 * The form the server expects: every drop-down with its value (an unset one left out would be
 * refused), a text field only when it was changed (left out, it keeps its stored value; sent,
 * an unchanged default would be stored as if chosen), a secret only when one was typed.
 */
function collect(): SettingsForm {
  const sent: SettingsForm = { values: {}, remove: [], confirmed: [] };
  for (const field of fields()) {
    const value = control(field.key).value;
    if (field.kind === "secret") {
      if (checkbox(`remove-${field.key}`).checked) sent.remove.push(field.key);
      else if (value !== "") sent.values[field.key] = value;
    } else if (field.kind === "choice" || value !== field.value) {
      sent.values[field.key] = value;
    }
    if (field.confirm && !byId(`confirm-row-${field.key}`).hidden) {
      if (checkbox(`confirm-${field.key}`).checked) sent.confirmed.push(field.key);
    }
  }
  return sent;
}

/** Whether a field of the section differs from the saved view (a secret: typed or removed). */
function edited(section: SectionView): boolean {
  return section.fields.some((field) =>
    field.kind === "secret"
      ? control(field.key).value !== "" || checkbox(`remove-${field.key}`).checked
      : control(field.key).value !== field.value,
  );
}

/** Sections whose saved settings differ between two views. */
function changedSections(before: SettingsView, after: SettingsView): SectionView[] {
  const saved = (field: FieldView) => JSON.stringify([field.value, field.secret ?? null]);
  return after.sections.filter((section) =>
    section.fields.some((field) => {
      const old = sectionOf(field.key, before)?.fields.find((f) => f.key === field.key);
      return !old || saved(old) !== saved(field);
    }),
  );
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (isBusy(saveButton)) return;
  setBusy(saveButton, true);
  setStatus("Saving...");
  run("settingsSave", collect()).then(
    (result) => {
      setBusy(saveButton, false);
      if (!result.ok) {
        const known = new Set(fields().map((field) => field.key));
        const others = Object.entries(result.errors)
          .filter(([key]) => !known.has(key))
          .map(([, message]) => message);
        setStatus([result.message, ...others].join(" "), "failed");
        showErrors(result.errors)?.focus();
        return;
      }
      showErrors({});
      const before = view;
      const changed = changedSections(before, result.settings);
      // Other credentials may offer other choices: those come again from a new test.
      for (const section of changed)
        for (const field of section.fields)
          if (offered.delete(field.key)) offerChoices(field.key, null);
      show(result.settings);
      setStatus(result.message, "saved");
      for (const section of changed) if (testable(section)) testSection(section.id);
    },
    (error: unknown) => {
      setBusy(saveButton, false);
      setStatus(`Could not save: ${failureMessage(error)}`, "failed");
    },
  );
});

// ---- testing a connection ------------------------------------------------------------------

/** Whether a test can tell anything: the section's secrets are all saved. */
function testable(section: SectionView): boolean {
  return (
    section.testable &&
    section.fields.every((field) => field.kind !== "secret" || field.secret?.set === true)
  );
}

function showReport(section: SectionView, report: ConnectionReport): void {
  const result = byId(`result-${section.id}`);
  result.className = `result ${report.outcome === "working" ? "working" : "failed"}`;
  result.textContent = report.message;
  for (const [key, choices] of Object.entries(report.choices ?? {})) {
    if (sectionOf(key)?.id !== section.id) continue;
    offered.set(key, choices);
    offerChoices(key, choices);
  }
}

/** Tests the section's saved settings (as the latest view has them). */
function testSection(id: string): void {
  const section = view.sections.find((s) => s.id === id);
  const button = byId<HTMLButtonElement>(`test-${id}`);
  const result = byId(`result-${id}`);
  if (!section || isBusy(button)) return;
  setBusy(button, true);
  result.className = "result";
  result.textContent = edited(section)
    ? "Testing the saved settings (save first to test your changes)..."
    : "Testing the saved settings...";
  run("settingsTest", id).then(
    (report) => {
      setBusy(button, false);
      showReport(section, report);
    },
    (error: unknown) => {
      setBusy(button, false);
      result.className = "result failed";
      result.textContent = `The test did not run: ${failureMessage(error)}`;
    },
  );
}

// ---- start ---------------------------------------------------------------------------------

const sections = byId("sections");
for (const section of view.sections) sections.appendChild(buildSection(section));
byId("close").addEventListener("click", () => closeDialog());
show(view);
// What can be tested is tested at once: it says whether each provider works, and fills the
// drop-downs a test offers choices for.
for (const section of view.sections) if (testable(section)) testSection(section.id);
