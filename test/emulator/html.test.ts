import { join } from "node:path";
import { Emulator } from "./emulator";

const CODE = `
function greet() { return "hello from the script"; }
function render() {
  var template = HtmlService.createTemplateFromFile("Dialog");
  template.title = "<Payouts & co>";
  template.items = ["a<b", "c"];
  template.raw = "<i>raw</i>";
  return template.evaluate().setTitle("T").getContent();
}
function fromFile() {
  var output = HtmlService.createHtmlOutputFromFile("Dialog").append("<!-- end -->");
  return output.getContent().slice(-12);
}
function missing() { try { HtmlService.createHtmlOutputFromFile("Nope"); } catch (e) { return e.message; } }
`;

describe("HtmlService", () => {
  const emu = new Emulator({ code: CODE, htmlDir: join(__dirname, "fixtures") });

  it("evaluates templates: escaped and raw printing, scriptlets, properties and script globals", () => {
    expect(emu.run("render").value).toBe(
      [
        "<h1>&lt;Payouts &amp; co&gt;</h1>",
        "<ul>",
        "  ",
        "  <li>a&lt;b</li>",
        "  ",
        "  <li>c</li>",
        "  ",
        "</ul>",
        "<div><i>raw</i></div>",
        "<p>hello from the script</p>",
        "",
      ].join("\n"),
    );
  });

  it("reads NAME.html from the html directory", () => {
    expect(emu.run("fromFile").value).toBe("<!-- end -->");
    expect(emu.run("missing").value).toBe("No HTML file named Nope was found.");
  });
});
