/** Secrets the add-on makes for itself (CALLBACK_TOKEN, RECORD_KEY). */
import type { AppContext } from "./context";
import { randomHex } from "./random";

/** 240 random bits as hex. */
export function newSecretToken(ctx: Pick<AppContext, "crypto">): string {
  return randomHex(ctx.crypto) + randomHex(ctx.crypto);
}
