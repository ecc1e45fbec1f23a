/**
 * Check provider setup, the web app: a POST to its /exec URL (the way callbacks arrive) with a
 * random challenge. This script's web app answers with a MAC of it under the add-on's key
 * (web-app/own-url.ts) and the version and build it runs. A deployment left on an older push
 * answers with another build, or, older than the self-test, not at all.
 */
import { fetchOne } from "../../ports";
import type { SetupCheck } from "../../providers/entry";
import { BUILD, VERSION } from "../../version";
import type { AppContext } from "../context";
import { randomHex } from "../random";
import { selfTestProof, trustedWebAppUrl } from "../web-app/own-url";

const NAME = "Web app";
const REDEPLOY =
  "Run npm run deploy (it updates the same deployment), or in the editor Deploy > Manage deployments > Edit > Version: New version.";

export function checkWebApp(ctx: AppContext): SetupCheck {
  const fail = (message: string): SetupCheck => ({ name: NAME, ok: false, message });
  const { url } = trustedWebAppUrl(ctx);
  if (!url)
    return fail(
      "The web app's URL is not known, so providers cannot call back: deploy it (npm run deploy) and set WEB_APP_URL in Payouts > Settings.",
    );
  const challenge = randomHex(ctx.crypto);
  const expected = selfTestProof(ctx, challenge);
  if (!expected) return fail("Run Payouts > Set up sheet first: the check needs the add-on's key.");
  let answer: { status: number; body: string };
  try {
    answer = fetchOne(ctx.http, {
      url: `${url}${url.includes("?") ? "&" : "?"}selftest=${challenge}`,
      method: "post",
      headers: {},
      payload: "",
      contentType: "text/plain",
      followRedirects: true,
    });
  } catch {
    return fail(`The web app at ${url} did not answer (the connection failed). Try again later.`);
  }
  const reply = readReply(answer);
  if (!reply)
    return fail(
      `The web app at ${url} did not answer the self-test (HTTP ${answer.status}). Either it runs a version ` +
        `older than ${VERSION} build ${BUILD}, or it is not open to Anyone (Deploy > Manage deployments: ` +
        `Execute as Me, Who has access Anyone). ${REDEPLOY}`,
    );
  if (reply.selftest !== expected)
    return fail(
      `The web app at ${url} is not this script's: it did not answer with the add-on's key. Set WEB_APP_URL to this script's own /exec URL.`,
    );
  if (reply.version !== VERSION || reply.build !== BUILD)
    return fail(
      `The web app runs version ${reply.version} build ${reply.build ?? "unknown"}, but the add-on is ` +
        `${VERSION} build ${BUILD}: the deployment was not updated after the last push. ${REDEPLOY}`,
    );
  return {
    name: NAME,
    ok: true,
    message: `The web app at ${url} answers the self-test with version ${VERSION} build ${BUILD}, the add-on's own.`,
  };
}

function readReply(answer: {
  status: number;
  body: string;
}): { selftest: unknown; version: unknown; build?: unknown } | undefined {
  if (answer.status !== 200) return undefined;
  try {
    const parsed = JSON.parse(answer.body) as unknown;
    return parsed && typeof parsed === "object" && "selftest" in parsed
      ? (parsed as { selftest: unknown; version: unknown; build?: unknown })
      : undefined;
  } catch {
    return undefined;
  }
}
