/**
 * CHAIN_RPC_URLS: the JSON-RPC endpoints reconciliation asks about EVM transactions, as a list of
 * `network:url` entries separated by commas or new lines, e.g.
 * `ETH:https://eth.example/v1/KEY, BSC:https://bsc.example`. The network is any name the add-on
 * knows for an EVM network (ETH, ERC20, BSC, BEP20, Polygon, Arbitrum, Base...).
 */
import { EVM_NAMES, evmNetworkNamed } from "./tokens";

const URL_PART = "https://[^\\s,]+";

const ENTRY = `\\s*(?:${EVM_NAMES})\\s*:\\s*${URL_PART}\\s*`;

/** What the settings field accepts: one or more entries, each an EVM network and an https URL. */
export const RPC_URLS_PATTERN = new RegExp(`^${ENTRY}(?:[,\\n]${ENTRY})*$`, "i");

/**
 * The endpoint of each EVM network (by the add-on's network key), and the entries that could
 * not be read (named by their network part only: a URL may hold an API key).
 */
export function parseRpcUrls(text: string): { urls: Map<string, string>; bad: string[] } {
  const urls = new Map<string, string>();
  const bad: string[] = [];
  for (const entry of text.split(/[,\n]/).map((part) => part.trim())) {
    if (!entry) continue;
    const colon = entry.indexOf(":");
    const name = colon > 0 ? entry.slice(0, colon).trim() : "";
    const url = colon > 0 ? entry.slice(colon + 1).trim() : "";
    const network = name ? evmNetworkNamed(name) : undefined;
    if (!network || !new RegExp(`^${URL_PART}$`).test(url)) bad.push(name || "(an entry)");
    else urls.set(network.key, url);
  }
  return { urls, bad };
}
