/**
 * Tx hash cells link to the network's block explorer (a rich-text link, never a formula). The
 * network is the one the record holds for the payout (its reviewed Network input), never the
 * cell a person may have changed since; a hash is linked only when the record holds it too.
 */
import { linkTxIds } from "../../domain/explorers";
import { resolveNetwork } from "../../domain/networks";
import { recordInput } from "../../domain/record-inputs";
import type { LinkedCell } from "../../ports";
import type { PayoutRow } from "../payout-table";
import type { Providers } from "../providers";
import type { Journal } from "./journal";

export function txHashLinker(
  journal: Journal,
  providers: Providers,
): (row: PayoutRow) => LinkedCell {
  return (row) => {
    const text = row.outputs.txHash;
    const record = text ? journal.get(row.outputs.payoutId) : undefined;
    const provider = record && providers.get(record.provider);
    // A sandbox pays on a test network the add-on cannot name: no link rather than a wrong one.
    if (!record || !provider || provider.setup.testnet) return { text, links: [] };
    const network = resolveNetwork(provider.entry.networks, recordInput(record, "network"));
    if (!network.ok) return { text, links: [] };
    const recorded = new Set((record.details.txHash ?? "").split(/\s+/));
    return linkTxIds(text, network.network.key, (id) => recorded.has(id));
  };
}
