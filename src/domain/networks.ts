/**
 * Resolving what people type in the Network cell (a provider code or an alias such as ERC20) to
 * the provider's own code and the network's rules. The data lives in network-list.ts, the
 * offline catalogue in builtin-catalog.ts; both are re-exported here.
 */
import { NETWORKS, type NetworkInfo } from "./network-list";

export { type CatalogOffer } from "./builtin-catalog";
export { NETWORKS, networkByKey, type MemoRule, type NetworkInfo } from "./network-list";

/** One provider's codes for the networks the add-on knows (supplied by providers/). */
export interface NetworkCodes {
  provider: string;
  /** The provider's codes for a network, the preferred one first; none when it does not pay there. */
  codes(network: NetworkInfo): readonly string[];
  /** Codes to suggest in a message, e.g. "ETH, TRX, BSC". */
  examples: string;
}

/** Matching ignores case, surrounding space, and spaces, hyphens and underscores inside. */
export function normalizeNetworkName(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "");
}

/** Every name a network answers to: its key, title and aliases. */
function namesOf(network: NetworkInfo): string[] {
  return [network.key, network.title, ...network.aliases];
}

const BY_NAME: ReadonlyMap<string, NetworkInfo> = new Map(
  NETWORKS.flatMap((network) =>
    namesOf(network).map((name) => [normalizeNetworkName(name), network]),
  ),
);

/** The network a common name stands for (its key, title or an alias such as ERC20 or ETH). */
export function findNetworkByName(name: string): NetworkInfo | undefined {
  return BY_NAME.get(normalizeNetworkName(name));
}

/**
 * The network a Network cell names, whatever alias or provider it was written for ("TRC20",
 * "TRX", "Tron" are all "tron"); an unknown name stands for itself.
 */
export function networkKeyOf(text: string): string {
  return findNetworkByName(text)?.key ?? normalizeNetworkName(text);
}

/** The network a provider code belongs to, when the add-on knows it. */
export function findNetworkByProviderCode(
  provider: NetworkCodes,
  code: string,
): NetworkInfo | undefined {
  const wanted = normalizeNetworkName(code);
  return NETWORKS.find((network) =>
    provider.codes(network).some((c) => normalizeNetworkName(c) === wanted),
  );
}

/** The network a typed name stands for: a common name first, else one of the provider's codes. */
function byName(provider: NetworkCodes, typed: string): NetworkInfo | undefined {
  return BY_NAME.get(normalizeNetworkName(typed)) ?? findNetworkByProviderCode(provider, typed);
}

/** A provider code the registry does not know: no address check, memo allowed. */
function unknownNetwork(code: string): NetworkInfo {
  return {
    key: code.toLowerCase(),
    title: code,
    family: "unknown",
    memo: "optional",
    aliases: [],
  };
}

function networkOfCode(provider: NetworkCodes, code: string): NetworkInfo | undefined {
  return findNetworkByProviderCode(provider, code) ?? BY_NAME.get(normalizeNetworkName(code));
}

export type NetworkResolution =
  { ok: true; network: NetworkInfo; providerCode: string } | { ok: false; reason: string };

/**
 * Turns the Network cell into the provider's own code. Accepts the provider's code or any alias
 * (ERC20, TRC20, BEP20, Ethereum...). `offeredCodes`, when given, is the provider's live list of
 * codes: it decides which code is used, and lets codes unknown to the registry through.
 */
export function resolveNetwork(
  provider: NetworkCodes,
  text: string,
  offeredCodes?: readonly string[],
): NetworkResolution {
  const typed = text.trim();
  const wanted = normalizeNetworkName(typed);
  if (wanted === "") return { ok: false, reason: "Network is empty." };
  const network = byName(provider, typed);
  const name = provider.provider;

  if (offeredCodes) {
    const exact = offeredCodes.find((c) => normalizeNetworkName(c) === wanted);
    if (exact) {
      const known = network ?? networkOfCode(provider, exact) ?? unknownNetwork(exact);
      return { ok: true, network: known, providerCode: exact };
    }
    if (network) {
      const code = offeredCodes.find((c) => networkOfCode(provider, c) === network);
      if (code) return { ok: true, network, providerCode: code };
      return { ok: false, reason: `${name} does not offer payouts on ${network.title}.` };
    }
  }

  if (!network) return { ok: false, reason: unknownNameReason(provider, typed) };
  const codes = provider.codes(network);
  const [firstCode] = codes;
  if (firstCode === undefined) {
    return { ok: false, reason: `${name} does not offer payouts on ${network.title}.` };
  }
  const providerCode = codes.find((c) => normalizeNetworkName(c) === wanted) ?? firstCode;
  return { ok: true, network, providerCode };
}

function unknownNameReason(provider: NetworkCodes, typed: string): string {
  const suggestions = closestNetworks(typed, provider).map((network) => {
    const code = provider.codes(network)[0];
    return code ? `${network.title} (${code})` : network.title;
  });
  return suggestions.length > 0
    ? `Network "${typed}" is not known. Did you mean ${suggestions.join(" or ")}?`
    : `Network "${typed}" is not known: type the ${provider.provider} code (such as ${provider.examples}) ` +
        "or a common name such as ERC20 or TRC20.";
}

/** Up to three networks whose names are closest to what was typed. */
function closestNetworks(typed: string, provider: NetworkCodes): NetworkInfo[] {
  const wanted = normalizeNetworkName(typed);
  const scored: { network: NetworkInfo; score: number }[] = [];
  for (const network of NETWORKS) {
    const codes = provider.codes(network);
    if (codes.length === 0) continue;
    let best = Infinity;
    for (const name of [...namesOf(network), ...codes]) {
      const candidate = normalizeNetworkName(name);
      const prefix =
        wanted.length >= 3 && (candidate.startsWith(wanted) || wanted.startsWith(candidate));
      best = Math.min(best, prefix ? 1 : editDistance(wanted, candidate));
    }
    if (best <= Math.max(1, Math.floor(wanted.length / 3))) scored.push({ network, score: best });
  }
  return scored
    .sort((a, b) => a.score - b.score)
    .slice(0, 3)
    .map((s) => s.network);
}

function editDistance(a: string, b: string): number {
  // Row by row over a: previous holds the distances from a's first i - 1 units to each prefix of b.
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let distance = b.length;
  for (let i = 1; i <= a.length; i++) {
    // The cells above-left and left of the one computed (the row's first is i).
    let diagonal = i - 1;
    let left = i;
    const current = [left];
    for (const [k, above] of previous.slice(1).entries()) {
      const substitution = diagonal + (a.charAt(i - 1) === b.charAt(k) ? 0 : 1);
      left = Math.min(above + 1, left + 1, substitution);
      current.push(left);
      diagonal = above;
    }
    previous = current;
    distance = left;
  }
  return distance;
}
