/**
 * The networks table of docs/input-format.md, made from the code (domain/network-list.ts and
 * each provider's codes), so the page cannot drift: test/docs.test.ts compares them, and
 * `npx tsx test/docs/networks-table.ts` prints the table to paste after a change.
 */
import { NETWORKS, type NetworkInfo } from "../../src/domain/network-list";
import { PROVIDERS } from "../../src/providers/registry";

function memoRule(network: NetworkInfo): string {
  if (network.memo === "none") return "none";
  const name = network.memoName ?? "memo";
  const limit =
    network.memoFormat === "uint32"
      ? ", a whole number below 2^32"
      : network.memoMaxLength
        ? `, at most ${network.memoMaxLength} bytes`
        : "";
  return `${network.memo}: ${name}${limit}`;
}

const code = (text: string) => `\`${text}\``;

export function networksTable(): string {
  const header = ["network", "also written as", ...PROVIDERS.map((p) => p.name), "memo"];
  const rows = NETWORKS.map((network) => [
    `${network.title} (${code(network.key)})`,
    network.aliases.map(code).join(", ") || "-",
    ...PROVIDERS.map((p) => p.networks.codes(network).map(code).join(", ") || "not paid"),
    memoRule(network),
  ]);
  return [header, header.map(() => "---"), ...rows]
    .map((cells) => `| ${cells.join(" | ")} |`)
    .join("\n");
}

if (require.main === module) console.log(networksTable());
