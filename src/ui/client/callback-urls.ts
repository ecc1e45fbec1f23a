/** The callback URLs dialog: each provider's URL, read-only, with a Copy button. */
import { closeDialog } from "../bridge";
import { byId, dialogData } from "./page";

const { urls } = dialogData<"CallbackUrls">();
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

for (const provider of ["coingate", "gatepay"] as const) {
  const input = byId<HTMLInputElement>(provider);
  const button = document.querySelector<HTMLButtonElement>(`[data-copy="${provider}"]`);
  const note = byId(`${provider}-note`);
  const url = urls[provider];
  input.value = url || "";
  input.placeholder = url ? "" : "Not available";
  if (!button) throw new Error(`The dialog has no Copy button for ${provider}.`);
  button.disabled = !url;
  if (!url) {
    note.textContent = MISSING;
    note.className = "note missing";
  }
  button.addEventListener("click", () => {
    input.focus();
    input.select();
    note.textContent = copySelection() ? "Copied." : "Selected: press Ctrl+C (or Cmd+C) to copy.";
  });
}
byId("close").addEventListener("click", () => closeDialog());
