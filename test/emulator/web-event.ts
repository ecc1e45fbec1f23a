/**
 * The event object Apps Script hands to doGet/doPost. Query parameters, and for form-encoded
 * bodies the body's fields too, land in `parameter` (first value) and `parameters` (all values);
 * a JSON body sent as form data becomes one parameter whose name is the whole body.
 */

export interface WebRequest {
  query?: Record<string, string | string[]>;
  body?: string;
  contentType?: string;
}

export interface WebEvent {
  queryString: string;
  parameter: Record<string, string>;
  parameters: Record<string, string[]>;
  contextPath: string;
  contentLength: number;
  postData?: { contents: string; type: string; length: number; name: "postData" };
}

const FORM = "application/x-www-form-urlencoded";

function decodeFormComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

function parseForm(body: string): [string, string][] {
  return body
    .split("&")
    .filter((pair) => pair !== "")
    .map((pair) => {
      const equals = pair.indexOf("=");
      return equals < 0
        ? [decodeFormComponent(pair), ""]
        : [decodeFormComponent(pair.slice(0, equals)), decodeFormComponent(pair.slice(equals + 1))];
    });
}

export function buildWebEvent(request: WebRequest, method: "GET" | "POST"): WebEvent {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(request.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) pairs.push([name, item]);
  }
  const queryString = pairs
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join("&");
  const body = request.body ?? "";
  const type = request.contentType ?? (method === "POST" ? FORM : "");
  if (method === "POST" && type.split(";")[0].trim().toLowerCase() === FORM) {
    pairs.push(...parseForm(body));
  }
  const parameters: Record<string, string[]> = {};
  for (const [name, value] of pairs) (parameters[name] ??= []).push(value);
  const parameter: Record<string, string> = {};
  for (const [name, values] of Object.entries(parameters)) parameter[name] = values[0];
  const event: WebEvent = {
    queryString,
    parameter,
    parameters,
    contextPath: "",
    contentLength: -1,
  };
  if (method === "POST") {
    const length = Buffer.byteLength(body, "utf8");
    event.contentLength = length;
    event.postData = { contents: body, type, length, name: "postData" };
  }
  return event;
}
