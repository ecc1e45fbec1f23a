/**
 * Block explorers, by the add-on's own network key (domain/network-list.ts): where a person
 * reads a transaction. Provider-independent data; a network missing here gets no link.
 * Only main networks: the add-on does not know which test network a sandbox pays on, and a
 * link to the wrong explorer is worse than none.
 */
const TX_PAGES: Readonly<Record<string, string>> = {
  ethereum: "https://etherscan.io/tx/",
  bsc: "https://bscscan.com/tx/",
  polygon: "https://polygonscan.com/tx/",
  arbitrum: "https://arbiscan.io/tx/",
  optimism: "https://optimistic.etherscan.io/tx/",
  base: "https://basescan.org/tx/",
  avalanche_c: "https://snowtrace.io/tx/",
  tron: "https://tronscan.org/#/transaction/",
  solana: "https://solscan.io/tx/",
  bitcoin: "https://mempool.space/tx/",
  litecoin: "https://litecoinspace.org/tx/",
  dogecoin: "https://blockchair.com/dogecoin/transaction/",
  bitcoin_cash: "https://blockchair.com/bitcoin-cash/transaction/",
  ton: "https://tonviewer.com/transaction/",
  xrp: "https://xrpscan.com/tx/",
  stellar: "https://stellar.expert/explorer/public/tx/",
  algorand: "https://allo.info/tx/",
  polkadot: "https://polkadot.subscan.io/extrinsic/",
  cosmos: "https://www.mintscan.io/cosmos/tx/",
  near: "https://nearblocks.io/txns/",
  aptos: "https://explorer.aptoslabs.com/txn/",
  sui: "https://suiscan.xyz/mainnet/tx/",
  cardano: "https://cardanoscan.io/transaction/",
  eos: "https://bloks.io/transaction/",
};

/** What a transaction id may look like to be put into a link (hex, base58, base64url...). */
const TX_ID = /^[A-Za-z0-9_-]{16,128}$/;

/** The explorer page of one transaction, or undefined (unknown network, odd-looking id). */
export function explorerTxUrl(networkKey: string, txId: string): string | undefined {
  const page = TX_PAGES[networkKey];
  return page && TX_ID.test(txId) ? page + txId : undefined;
}

/** A cell's text with a link on each transaction id in it (ids are separated by spaces). */
export interface LinkedText {
  text: string;
  /** Character ranges [start, end) of `text` and where each leads. */
  links: { start: number; end: number; url: string }[];
}

/** Links every id of a Tx hash cell's text that `linkable` accepts, to its explorer page. */
export function linkTxIds(
  text: string,
  networkKey: string,
  linkable: (txId: string) => boolean = () => true,
): LinkedText {
  const links: LinkedText["links"] = [];
  for (const match of text.matchAll(/\S+/g)) {
    const url = linkable(match[0]) ? explorerTxUrl(networkKey, match[0]) : undefined;
    const start = match.index;
    if (url) links.push({ start, end: start + match[0].length, url });
  }
  return { text, links };
}
