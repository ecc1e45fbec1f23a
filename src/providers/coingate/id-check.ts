/**
 * Check provider setup, CoinGate ids: the add-on creates beneficiaries with the currency and
 * platform ids of GET /send_requests/supported-currencies, and denominates amounts with ids from
 * GET /currencies. The reference says ids differ between sandbox and live and shows different
 * ids in different examples, so this asks all three lists (with /platforms) whether they agree.
 */
import type * as z from "zod/mini";
import { PairingError } from "../../domain/pairs";
import type { SetupCheck } from "../entry";
import { ProviderError } from "../provider";
import type { ApiResult, CoinGateApi } from "./api-client";
import { sameSymbol, unreadable } from "./catalog";
import { runWideError } from "./errors";
import { currencyDetails, platformList, supportedCurrencies } from "./schemas";

const NAME = "CoinGate currency and platform ids";
/** Disagreements named in the message; the rest are counted. */
const SHOWN = 5;

export function checkCoinGateIds(api: CoinGateApi): SetupCheck {
  const results = api.callAll([
    { method: "get", path: "/send_requests/supported-currencies" },
    { method: "get", path: "/currencies" },
    { method: "get", path: "/platforms" },
  ]);
  const [supported, currencies, platforms] = results;
  if (!supported || !currencies || !platforms || results.length !== 3)
    throw new PairingError("CoinGate's id lists", 3, results.length);
  let lists;
  try {
    lists = {
      supported: read(supported, supportedCurrencies, "supported currencies", "currencies"),
      currencies: read(currencies, currencyDetails, "currencies", "currencies"),
      platforms: read(platforms, platformList, "platforms", "platforms"),
    };
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    return { name: NAME, ok: false, message: `Could not read CoinGate's lists: ${error.message}` };
  }
  const platformIds = new Map(lists.platforms.map((p) => [p.id_name, p.id]));
  const problems: string[] = [];
  let pairs = 0;
  for (const currency of lists.supported) {
    const listed = lists.currencies.find((c) => sameSymbol(c.symbol, currency.symbol));
    if (!listed) problems.push(`${currency.symbol} is not in /currencies`);
    else if (listed.id !== currency.id)
      problems.push(
        `${currency.symbol} is id ${currency.id} in supported-currencies but ${listed.id} in /currencies`,
      );
    for (const platform of currency.platforms) {
      pairs++;
      const where = `${currency.symbol} on ${platform.id_name}`;
      const platformId = platformIds.get(platform.id_name);
      if (platformId === undefined)
        problems.push(`${where}: ${platform.id_name} is not in /platforms`);
      else if (platformId !== platform.id)
        problems.push(
          `${where}: platform id ${platform.id} in supported-currencies but ${platformId} in /platforms`,
        );
      const inCurrency = listed?.platforms?.find((p) => p.id_name === platform.id_name);
      if (inCurrency && inCurrency.id !== platform.id)
        problems.push(
          `${where}: platform id ${platform.id} in supported-currencies but ${inCurrency.id} in /currencies`,
        );
    }
  }
  if (!problems.length)
    return {
      name: NAME,
      ok: true,
      message: `supported-currencies, /currencies and /platforms agree on the ids of ${lists.supported.length} currencies and ${pairs} currency networks.`,
    };
  const shown = problems.slice(0, SHOWN).join("; ");
  const more = problems.length > SHOWN ? `; and ${problems.length - SHOWN} more` : "";
  return {
    name: NAME,
    ok: false,
    message:
      `CoinGate's lists disagree: ${shown}${more}. The add-on pays with the ids of ` +
      "supported-currencies; ask CoinGate support which ids are right before paying in these.",
  };
}

/**
 * ASSUMPTION: /currencies and /platforms answer a plain array (the reference lists only their
 * items); an object holding the array under `key` is read too, in case they are paginated.
 */
function read<T>(result: ApiResult, schema: z.ZodMiniType<T>, what: string, key: string): T {
  if (!result.ok) throw runWideError(result);
  const data = result.data;
  const items =
    Array.isArray(data) || typeof data !== "object" || data === null
      ? data
      : (data as Record<string, unknown>)[key];
  const parsed = schema.safeParse(items);
  if (!parsed.success) throw unreadable(what);
  return parsed.data;
}
