/** The callback URLs dialog: each provider's URL, read-only, with a Copy button and its setup. */
import { closeDialog, type CallbackUrlView } from "../bridge";
import { byId, dialogData, element } from "./page";

const { providers } = dialogData<"CallbackUrls">();
const MISSING =
  "Not available: deploy the web app (see README) or set WEB_APP_URL, and run Set up sheet.";

/** Whether the browser copied the selection (it may refuse without a clipboard permission). */
function copySelection(): boolean {
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  }
}

function section(provider: CallbackUrlView): HTMLElement {
  const { param, name, url } = provider;
  const box = element("section");
  box.append(element("h2", { text: name }));
  const label = element("label", { text: "Callback URL" });
  label.htmlFor = param;
  const input = element("input", { id: param });
  input.readOnly = true;
  input.spellcheck = false;
  input.value = url ?? "";
  input.placeholder = url ? "" : "Not available";
  const button = element("button", { text: "Copy" });
  button.type = "button";
  button.dataset.copy = param;
  button.setAttribute("aria-label", `Copy the ${name} URL`);
  button.disabled = !url;
  const row = element("div", { className: "copy-row" });
  row.append(input, button);
  const note = element("p", { className: url ? "note" : "note missing", id: `${param}-note` });
  note.setAttribute("role", "status");
  if (!url) note.textContent = MISSING;
  button.addEventListener("click", () => {
    input.focus();
    input.select();
    note.textContent = copySelection() ? "Copied." : "Selected: press Ctrl+C (or Cmd+C) to copy.";
  });
  box.append(label, row, note, element("p", { text: provider.summary }));
  if (provider.steps.length > 0) {
    const steps = element("ol");
    for (const step of provider.steps) steps.append(element("li", { text: step }));
    box.append(steps);
  }
  return box;
}

byId("providers").append(...providers.map(section));
byId("close").addEventListener("click", () => closeDialog());
