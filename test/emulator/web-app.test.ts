import { Emulator } from "./emulator";

const CODE = `
function doPost(e) {
  return ContentService.createTextOutput(JSON.stringify(e)).setMimeType(ContentService.MimeType.JSON);
}
function doGet(e) {
  return HtmlService.createHtmlOutput("<h1>" + (e.parameter.name || "?") + "</h1>");
}
`;

describe("web app requests", () => {
  const emu = new Emulator({ code: CODE });

  it("give doPost Apps Script's event object", () => {
    const execution = emu.post({
      query: { provider: "gatepay", token: "s3cret" },
      body: '{"status":"DONE"}',
      contentType: "application/json",
    });
    expect(execution.output?.mimeType).toBe("application/json");
    expect(JSON.parse(execution.output?.content ?? "")).toEqual({
      queryString: "provider=gatepay&token=s3cret",
      parameter: { provider: "gatepay", token: "s3cret" },
      parameters: { provider: ["gatepay"], token: ["s3cret"] },
      contextPath: "",
      contentLength: 17,
      postData: {
        contents: '{"status":"DONE"}',
        type: "application/json",
        length: 17,
        name: "postData",
      },
    });
  });

  it("merge form bodies into parameter and parameters", () => {
    const execution = emu.post({
      query: { a: "q" },
      body: "a=b1&c=x+y%21",
      contentType: "application/x-www-form-urlencoded",
    });
    const event = JSON.parse(execution.output?.content ?? "");
    expect(event.parameter).toEqual({ a: "q", c: "x y!" });
    expect(event.parameters).toEqual({ a: ["q", "b1"], c: ["x y!"] });
  });

  it("turn a JSON body sent as a form into one parameter named after the body", () => {
    const execution = emu.post({
      query: {},
      body: '{"id":1}',
      contentType: "application/x-www-form-urlencoded",
    });
    expect(JSON.parse(execution.output?.content ?? "").parameter).toEqual({ '{"id":1}': "" });
  });

  it("run doGet without a body, and return its HTML", () => {
    const execution = emu.get({ query: { name: "Ann" } });
    expect(execution.output).toEqual({ content: "<h1>Ann</h1>", mimeType: "text/html" });
  });

  it("run in the web app context: no UI", () => {
    const ui = new Emulator({ code: `function doGet() { SpreadsheetApp.getUi(); }` }).get();
    expect(ui.error?.message).toBe("Cannot call SpreadsheetApp.getUi() from this context.");
    expect(ui.output).toBeUndefined();
  });
});
