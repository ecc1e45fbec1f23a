/**
 * How the simulator reads request parameters: the query string first, then the body (form with
 * Rails bracket keys, or JSON), as a Rails params merge would. Written independently of the
 * client's encoder (on Node's URLSearchParams) so a bug in one is not mirrored in the other.
 */
import type { WireRequest } from "../../support/wire";

export type Params = { [key: string]: unknown };

export function readParams(request: WireRequest): Params {
  const queryAt = request.url.indexOf("?");
  const query = queryAt < 0 ? {} : parseRailsForm(request.url.slice(queryAt + 1));
  return { ...readBody(request), ...query };
}

function readBody(request: WireRequest): Params {
  const body = request.body.trim();
  if (!body) return {};
  const type = request.headers["content-type"] ?? "";
  if (type.includes("json") || body.startsWith("{")) {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === "object" ? (parsed as Params) : {};
  }
  return parseRailsForm(body);
}

/** `a[b]=1&c[]=2&d[][x]=3` -> {a:{b:"1"}, c:["2"], d:[{x:"3"}]}. */
export function parseRailsForm(text: string): Params {
  const root: Params = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const parts = key.replace(/\]/g, "").split("[");
    let node: Params = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      const last = i === parts.length - 1;
      const nextIsList = parts[i + 1] === "";
      if (last) {
        node[part] = value;
      } else if (nextIsList) {
        const list = (node[part] ??= []) as unknown[];
        if (i + 1 === parts.length - 1) {
          list.push(value);
          break;
        }
        const child = parts[i + 2];
        let element = list[list.length - 1] as Params | undefined;
        if (!element || typeof element !== "object" || child in element) {
          element = {};
          list.push(element);
        }
        node = element;
        i++; // skip the "" part
      } else {
        node = (node[part] ??= {}) as Params;
      }
    }
  }
  return root;
}

/** Rails bracket form text of a JSON-like value (the form callbacks). */
export function toRailsForm(value: unknown, prefix = ""): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((item) => toRailsForm(item, `${prefix}[]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) =>
      toRailsForm(v, prefix ? `${prefix}[${k}]` : k),
    );
  }
  return [
    `${encodeURIComponent(prefix)}=${encodeURIComponent(value === null ? "" : String(value))}`,
  ];
}

/** A parameter as text ("" when absent), whether it came as text or as a JSON number. */
export function textParam(params: Params, key: string): string {
  const value = params[key];
  return typeof value === "string" || typeof value === "number" ? String(value).trim() : "";
}

export function objectParam(params: Params, key: string): Params {
  const value = params[key];
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Params) : {};
}
