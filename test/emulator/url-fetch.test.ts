import { WireDrop, type WireRequest } from "../support/wire";
import { Emulator } from "./emulator";
import { USER_AGENT } from "./services/url-fetch";

const CODE = `
function send(url, params) {
  try {
    var r = UrlFetchApp.fetch(url, params);
    return { code: r.getResponseCode(), text: r.getContentText(), headers: r.getHeaders(),
      blob: r.getBlob().getDataAsString() };
  } catch (e) { return { error: e.message }; }
}
function sendAll(requests) {
  try {
    return UrlFetchApp.fetchAll(requests).map(function (r) { return [r.getResponseCode(), r.getContentText()]; });
  } catch (e) { return { error: e.message }; }
}
function describeRequest(url, params) { return UrlFetchApp.getRequest(url, params); }
`;

function recordingEmulator(answer: (request: WireRequest) => { status: number; body: string }) {
  const emu = new Emulator({ code: CODE });
  const sent: WireRequest[] = [];
  emu.route("api.test", (request) => {
    sent.push(request);
    return { ...answer(request), headers: { "Content-Type": "application/json" } };
  });
  return { emu, sent };
}

describe("UrlFetchApp", () => {
  it("routes by host and sends method, lower-case headers and the exact body", () => {
    const { emu, sent } = recordingEmulator(() => ({ status: 201, body: '{"id":1}' }));
    const result = emu.run("send", [
      "https://api.test/v2/payouts?x=1",
      {
        method: "post",
        contentType: "application/json",
        headers: { Authorization: "Bearer t" },
        payload: '{"amount":"0.10"}',
      },
    ]).value;
    expect(result).toEqual({
      code: 201,
      text: '{"id":1}',
      headers: { "Content-Type": "application/json" },
      blob: '{"id":1}',
    });
    expect(sent).toEqual([
      {
        url: "https://api.test/v2/payouts?x=1",
        method: "POST",
        headers: {
          "user-agent": USER_AGENT,
          authorization: "Bearer t",
          "content-type": "application/json",
        },
        body: '{"amount":"0.10"}',
      },
    ]);
  });

  it("form-encodes object payloads and defaults their content type", () => {
    const { emu, sent } = recordingEmulator(() => ({ status: 200, body: "" }));
    emu.run("send", [
      "https://api.test/form",
      { method: "post", payload: { a: "1 2", "b&c": "é=" } },
    ]);
    expect(sent[0].headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(sent[0].body).toBe("a=1%202&b%26c=%C3%A9%3D");
  });

  it("sends GET with no body by default", () => {
    const { emu, sent } = recordingEmulator(() => ({ status: 200, body: "ok" }));
    emu.run("send", ["https://api.test/status"]);
    expect(sent[0]).toMatchObject({ method: "GET", body: "" });
    expect(sent[0].headers["content-type"]).toBeUndefined();
  });

  it("throws on HTTP errors unless muteHttpExceptions is set", () => {
    const { emu } = recordingEmulator(() => ({ status: 500, body: "server exploded" }));
    expect(emu.run("send", ["https://api.test/x"]).value).toEqual({
      error:
        "Request failed for https://api.test returned code 500. Truncated server response: server exploded (use muteHttpExceptions option to examine full response)",
    });
    expect(
      emu.run("send", ["https://api.test/x", { muteHttpExceptions: true }]).value,
    ).toMatchObject({
      code: 500,
      text: "server exploded",
    });
  });

  it("throws a DNS error for hosts nobody routes", () => {
    const { emu } = recordingEmulator(() => ({ status: 200, body: "" }));
    expect(emu.run("send", ["https://nowhere.test/x"]).value).toEqual({
      error: "DNS error: https://nowhere.test/x",
    });
  });

  it("throws even when muted if the handler drops the connection", () => {
    const { emu, sent } = recordingEmulator(() => {
      throw new WireDrop();
    });
    expect(emu.run("send", ["https://api.test/x", { muteHttpExceptions: true }]).value).toEqual({
      error: "Address unavailable: https://api.test/x",
    });
    expect(sent).toHaveLength(1);
  });

  it("fetchAll answers in order, and fails as a whole after delivering every request", () => {
    const { emu, sent } = recordingEmulator((request) => {
      if (request.url.endsWith("/drop")) throw new WireDrop();
      return { status: 200, body: request.url.slice(-1) };
    });
    const ok = emu.run("sendAll", [
      ["https://api.test/1", { url: "https://api.test/2", method: "post" }],
    ]);
    expect(ok.value).toEqual([
      [200, "1"],
      [200, "2"],
    ]);
    expect(ok.meter.fetches).toBe(2);
    const dropped = emu.run("sendAll", [
      ["https://api.test/3", "https://api.test/drop", "https://api.test/4"],
    ]);
    expect(dropped.value).toEqual({ error: "Address unavailable: https://api.test/drop" });
    expect(sent.map((request) => request.url.slice(-1))).toEqual(["1", "2", "3", "p", "4"]);
  });

  it("describes a request without sending it", () => {
    const { emu, sent } = recordingEmulator(() => ({ status: 200, body: "" }));
    const request = emu.run("describeRequest", [
      "https://api.test/x",
      { method: "put", payload: "p" },
    ]);
    expect(request.value).toMatchObject({
      url: "https://api.test/x",
      method: "put",
      payload: "p",
      contentType: "application/x-www-form-urlencoded",
    });
    expect(sent).toHaveLength(0);
  });
});
