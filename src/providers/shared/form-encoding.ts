/**
 * application/x-www-form-urlencoded text with Rails bracket keys (`person[first_name]=Joe`,
 * `items[][id]=1`), and query strings. Written by hand: Apps Script has no URLSearchParams.
 */

/** A value to encode: nested objects and arrays become bracket keys; undefined is left out. */
export type FormInput =
  string | number | boolean | null | undefined | FormInput[] | { [key: string]: FormInput };

/** What decoding gives back: every leaf is text. */
export type FormNode = string | FormNode[] | { [key: string]: FormNode };
export type FormObject = { [key: string]: FormNode };

/** Encodes `fields` as a form body, nested keys in Rails bracket notation. */
export function encodeForm(fields: { [key: string]: FormInput }): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(fields))
    addPairs(pairs, encodeURIComponent(key), value);
  return pairs.join("&");
}

/** `?a=1&b=2`, or "" when no parameter has a value. */
export function encodeQuery(params: { [key: string]: string | number | undefined }): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined)
      pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  return pairs.length ? `?${pairs.join("&")}` : "";
}

/**
 * Decodes a form body into nested objects the way Rails does: `a[b]=1` -> {a:{b:"1"}},
 * `a[]=1&a[]=2` -> {a:["1","2"]}, and `a[][x]=1&a[][y]=2&a[][x]=3` starts a new element when
 * the key repeats. Throws on text that is not valid percent-encoding.
 */
export function parseForm(text: string): FormObject {
  const root: FormObject = {};
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? "" : pair.slice(eq + 1);
    const key = decodeComponent(rawKey);
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (!match) throw new Error("Form field name is not valid bracket notation.");
    // Both groups always take part in a match (the second may be empty), as does the inner one.
    const [, name = "", brackets = ""] = match;
    const path = [...brackets.matchAll(/\[([^[\]]*)\]/g)].map(([, part = ""]) => part);
    assign(root, name, path, decodeComponent(rawValue));
  }
  return root;
}

function addPairs(pairs: string[], name: string, value: FormInput): void {
  if (value === undefined) return;
  if (Array.isArray(value)) {
    for (const item of value) addPairs(pairs, `${name}[]`, item);
  } else if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      addPairs(pairs, `${name}[${encodeURIComponent(key)}]`, inner);
    }
  } else {
    pairs.push(`${name}=${encodeURIComponent(value === null ? "" : String(value))}`);
  }
}

/** Names that would reach Object.prototype through `target[name]`. */
const UNSAFE_NAMES = new Set(["__proto__", "constructor", "prototype"]);

function assign(target: FormObject, name: string, path: string[], value: string): void {
  if (UNSAFE_NAMES.has(name) || path.some((part) => UNSAFE_NAMES.has(part))) {
    throw new Error("Form field name is not allowed.");
  }
  const [head, ...rest] = path;
  if (head === undefined) {
    target[name] = value;
    return;
  }
  if (head !== "") {
    const child = isObject(target[name]) ? target[name] : (target[name] = {});
    assign(child, head, rest, value);
    return;
  }
  const list = Array.isArray(target[name]) ? target[name] : (target[name] = []);
  const [key, ...further] = rest;
  if (key === undefined) {
    list.push(value);
    return;
  }
  // `a[][k]`: fill the last element unless it already has this key, as Rails does.
  const last = list[list.length - 1];
  let element = isObject(last) && !hasPath(last, key, further) ? last : undefined;
  if (!element) list.push((element = {}));
  assign(element, key, further, value);
}

/** Whether `node` has a value at `key` and then `further` (up to an array's `[]`). */
function hasPath(node: FormObject, key: string, further: string[]): boolean {
  const value = node[key];
  if (value === undefined) return false;
  const [next, ...rest] = further;
  if (next === undefined || next === "") return true;
  return isObject(value) && hasPath(value, next, rest);
}

function isObject(node: FormNode | undefined): node is FormObject {
  return node !== undefined && typeof node === "object" && !Array.isArray(node);
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    throw new Error("Form text is not valid percent-encoding.");
  }
}
