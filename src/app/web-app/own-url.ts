/**
 * WEB_APP_URL is accepted only when it is this script's own /exec URL (CONTRACT section 8):
 * otherwise the callback URL, token included, would go to whoever owns that URL. A URL is this
 * script's when Apps Script reports the same deployment, or when the web app at that URL proves
 * it holds this script's key: it answers a random challenge with a MAC only this script can make
 * (doGet `?selftest=`). A URL so accepted is remembered with a MAC of its own; one typed into
 * Project settings instead is not used until it is saved through the sidebar.
 */
import { macHex } from "../../domain/mac";
import { fetchOne } from "../../ports";
import { BUILD, VERSION } from "../../version";
import { KEYS } from "../keys";
import type { AppContext } from "../context";
import { randomHex } from "../random";

/** The deployment id in .../macros/[a/DOMAIN/]s/<id>/exec (or /dev), or undefined. */
export function deploymentIdOf(url: string | null | undefined): string | undefined {
  const match = /\/macros\/(?:[A-Za-z0-9.-]+\/)?s\/([A-Za-z0-9_-]+)\/(?:exec|dev)(?:[?#]|$)/.exec(
    url ?? "",
  );
  return match?.[1];
}

function proofKey(ctx: AppContext): string | null {
  const key = ctx.store.get(KEYS.recordKey);
  // Its own derivation: an answer to a challenge can never pass for a record or callback check.
  return key ? macHex(key, "web app self-test") : null;
}

/** doGet's answer to `?selftest=<challenge>`: a MAC of the challenge, or null without a key. */
export function selfTestProof(ctx: AppContext, challenge: string): string | null {
  const key = proofKey(ctx);
  return key && /^[0-9a-f]{16,64}$/.test(challenge) ? macHex(key, challenge) : null;
}

/**
 * What the web app answers a self-test (GET or POST with `?selftest=`): the proof, and which
 * version and build it runs. No secret: the MAC is of the caller's own random challenge.
 */
export function selfTestAnswer(
  ctx: AppContext,
  challenge: string,
): { selftest: string | null; version: string; build: string } {
  return { selftest: selfTestProof(ctx, challenge), version: VERSION, build: BUILD };
}

function verifiedMark(ctx: AppContext, url: string): string | null {
  const key = ctx.store.get(KEYS.recordKey);
  return key ? macHex(key, `web app url\n${url}`) : null;
}

export type OwnUrlCheck = { ok: true } | { ok: false; reason: string };

/** Whether `url` is this script's own web app (one fetch when Apps Script reports another). */
export function checkOwnWebApp(ctx: AppContext, url: string): OwnUrlCheck {
  const id = deploymentIdOf(url);
  if (!id || !/\/exec$/.test(url))
    return {
      ok: false,
      reason: "Paste the web app's /exec URL: https://script.google.com/macros/s/.../exec.",
    };
  if (id === deploymentIdOf(ctx.webApp.url())) return { ok: true };
  const challenge = randomHex(ctx.crypto);
  const expected = selfTestProof(ctx, challenge);
  if (!expected)
    return {
      ok: false,
      reason: "Run Payouts > Set up sheet first: the check needs the add-on's key.",
    };
  let answer: string;
  try {
    const response = fetchOne(ctx.http, {
      url: `${url}?selftest=${challenge}`,
      method: "get",
      headers: {},
      followRedirects: true,
    });
    answer = response.status === 200 ? response.body : "";
  } catch {
    answer = "";
  }
  let proof: unknown;
  try {
    proof = (JSON.parse(answer) as { selftest?: unknown }).selftest;
  } catch {
    proof = undefined;
  }
  return proof === expected
    ? { ok: true }
    : {
        ok: false,
        reason:
          "That URL is not this script's web app (it did not answer the add-on's check): deploy this script as a web app and paste its /exec URL.",
      };
}

/** Remembers a URL that passed checkOwnWebApp. */
export function markOwnWebApp(ctx: AppContext, url: string): void {
  const mark = verifiedMark(ctx, url);
  if (mark) ctx.store.set(KEYS.webAppUrlVerified, mark);
}

/**
 * The web app URL to build callback URLs on: WEB_APP_URL when it was accepted (or is the
 * deployment Apps Script reports), else the reported one. `warning` says when WEB_APP_URL was
 * set but not used.
 */
export function trustedWebAppUrl(ctx: AppContext): { url: string | null; warning?: string } {
  const detected = ctx.webApp.url();
  const configured = (ctx.store.get(KEYS.webAppUrl) ?? "").trim();
  if (!configured) return { url: detected };
  const mark = verifiedMark(ctx, configured);
  const accepted =
    deploymentIdOf(configured) === deploymentIdOf(detected) ||
    (mark !== null && ctx.store.get(KEYS.webAppUrlVerified) === mark);
  if (accepted && /\/exec$/.test(configured)) return { url: configured };
  return {
    url: detected,
    warning:
      "WEB_APP_URL is not used: it was not checked as this script's web app. Save it again in Payouts > Settings.",
  };
}
