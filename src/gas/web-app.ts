/** doGet / doPost: Apps Script event objects in, TextOutput / HtmlOutput out. */
import { handleCallback } from "../app/callbacks/callbacks";
import { health, healthText } from "../app/web-app/health";
import { selfTestAnswer } from "../app/web-app/own-url";
import { gasContext } from "./context";

/**
 * The events as they may arrive, not as typed: none when the function is run from the editor,
 * and a POST without a body has no postData.
 */
type PostEvent = Partial<GoogleAppsScript.Events.DoPost> | undefined;
type GetEvent = Partial<GoogleAppsScript.Events.DoGet> | undefined;

export function handlePost(e: PostEvent): GoogleAppsScript.Content.TextOutput {
  const parameter = e?.parameter ?? {};
  const challenge = parameter.selftest;
  // Check provider setup's self-test (app/provider-check/web-app.ts): a POST, the way callbacks
  // arrive, answered by the deployed version. Never a callback: those carry ?provider=.
  if (challenge !== undefined && !parameter.provider) return selfTestOutput(String(challenge));
  let reply: { body: string; json: boolean };
  try {
    reply = handleCallback(gasContext(), {
      parameter,
      body: e?.postData ? e.postData.contents : "",
      contentType: e?.postData ? e.postData.type : "",
    });
  } catch (error) {
    // Never throw out of doPost: the provider would only see an error page.
    console.error(`doPost failed: ${error instanceof Error ? error.message : String(error)}`);
    reply = { body: "Error: the callback could not be stored.", json: false };
  }
  const output = ContentService.createTextOutput(reply.body);
  return output.setMimeType(
    reply.json ? ContentService.MimeType.JSON : ContentService.MimeType.TEXT,
  );
}

/**
 * The health view, as JSON (`?format=json`) or plain text: ContentService only. An HtmlService
 * page here would let anyone holding the URL call every global function through
 * google.script.run, as the script's owner.
 */
export function handleGet(e: GetEvent): GoogleAppsScript.Content.TextOutput {
  const ctx = gasContext();
  const parameter = e?.parameter ?? {};
  const challenge = parameter.selftest;
  if (challenge !== undefined) {
    // The add-on checking that a URL is this web app (app/web-app/own-url.ts): no secret leaves.
    return selfTestOutput(String(challenge));
  }
  const data = health(ctx);
  if (parameter.format === "json") {
    return ContentService.createTextOutput(JSON.stringify(data)).setMimeType(
      ContentService.MimeType.JSON,
    );
  }
  return ContentService.createTextOutput(healthText(data)).setMimeType(
    ContentService.MimeType.TEXT,
  );
}

function selfTestOutput(challenge: string): GoogleAppsScript.Content.TextOutput {
  const answer = selfTestAnswer(gasContext(), challenge);
  return ContentService.createTextOutput(JSON.stringify(answer)).setMimeType(
    ContentService.MimeType.JSON,
  );
}
