/** A provider's settings read from Script Properties against its field list (entry.ts). */
import type { Store } from "../../ports";
import type { SettingField } from "../entry";

export interface ReadSettings<K extends string> {
  /** Each field's value: the stored one when usable, else its default (or ""). */
  values: Record<K, string>;
  /** Settings whose stored value cannot be used: key names, never values. */
  warnings: string[];
}

export function fieldAccepts(field: SettingField, value: string): boolean {
  if (field.kind === "choice") return (field.choices ?? []).includes(value);
  if (field.pattern && !field.pattern.test(value)) return false;
  return field.accepts ? field.accepts(value) : true;
}

export function readSettings<K extends string>(
  store: Store,
  fields: readonly SettingField<K>[],
): ReadSettings<K> {
  // Filled below: one value per field, so one per key K.
  const values = {} as Record<K, string>;
  const warnings: string[] = [];
  for (const field of fields) {
    const stored = (store.get(field.key) ?? "").trim();
    // A secret set in Project settings is taken as it is: its format is checked when it is
    // entered in the sidebar, and a message about it could give part of it away.
    if (stored === "" || field.kind === "secret" || fieldAccepts(field, stored)) {
      values[field.key] = stored || (field.default ?? "");
      continue;
    }
    values[field.key] = field.default ?? "";
    // The value itself is never repeated: a secret pasted into the wrong key must not show.
    if (field.accepted) warnings.push(`${field.key} cannot be used: it must be ${field.accepted}.`);
  }
  return { values, warnings };
}
