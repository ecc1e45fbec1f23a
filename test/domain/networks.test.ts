import { CHECKED_FAMILIES } from "../../src/domain/address";
import {
  NETWORKS,
  findNetworkByProviderCode,
  normalizeNetworkName,
  resolveNetwork,
  type NetworkCodes,
} from "../../src/domain/networks";
import { PROVIDERS, providerNamed } from "../../src/providers/registry";

/** A provider's network codes, by its name. */
function codes(name: string): NetworkCodes {
  const entry = providerNamed(name);
  if (!entry) throw new Error(`no provider ${name}`);
  return entry.networks;
}

function offers(name: string) {
  return providerNamed(name)?.offlineOffers ?? [];
}

function resolved(provider: string, text: string, offered?: string[]) {
  const result = resolveNetwork(codes(provider), text, offered);
  if (!result.ok) throw new Error(result.reason);
  return { key: result.network.key, code: result.providerCode };
}

function refusal(provider: string, text: string, offered?: string[]): string {
  const result = resolveNetwork(codes(provider), text, offered);
  if (result.ok) throw new Error(`expected a refusal for ${text}`);
  return result.reason;
}

describe("network registry", () => {
  it("gives every name to exactly one network", () => {
    const owner = new Map<string, string>();
    for (const network of NETWORKS) {
      const names = [
        network.key,
        network.title,
        ...network.aliases,
        ...PROVIDERS.flatMap((entry) => entry.networks.codes(network)),
      ];
      for (const name of names) {
        const key = normalizeNetworkName(name);
        expect([undefined, network.key]).toContain(owner.get(key));
        owner.set(key, network.key);
      }
    }
  });

  it("uses known address families and sane memo rules", () => {
    for (const network of NETWORKS) {
      expect([...CHECKED_FAMILIES, "unknown"]).toContain(network.family);
      if (network.memo === "none") expect(network.memoMaxLength).toBeUndefined();
    }
    const xrp = NETWORKS.find((n) => n.key === "xrp");
    expect(xrp).toMatchObject({ memo: "required", memoName: "destination tag" });
  });
});

describe("resolveNetwork", () => {
  it.each([
    ["ERC20", "ethereum", "ETH"],
    ["erc-20", "ethereum", "ETH"],
    ["Ethereum", "ethereum", "ETH"],
    ["TRC20", "tron", "TRX"],
    ["  trx ", "tron", "TRX"],
    ["BEP20", "bsc", "BSC"],
    ["BNB Smart Chain", "bsc", "BSC"],
    ["SPL", "solana", "SOL"],
    ["Polygon", "polygon", "MATIC"],
    ["POL", "polygon", "MATIC"],
    ["Arbitrum One", "arbitrum", "ARBEVM"],
    ["arbevm", "arbitrum", "ARBEVM"],
    ["Base", "base", "BASEEVM"],
    ["OP", "optimism", "OPETH"],
    ["Avalanche C-Chain", "avalanche_c", "AVAX_C"],
    ["avax-c", "avalanche_c", "AVAX_C"],
    ["Ripple", "xrp", "XRP"],
    ["Stellar", "stellar", "XLM"],
    ["ethereum", "ethereum", "ETH"],
  ])("GatePay: %j is %s (%s)", (text, key, code) => {
    expect(resolved("GatePay", text)).toEqual({ key, code });
  });

  it.each([
    ["ERC20", "ethereum", "ethereum"],
    ["TRC20", "tron", "tron"],
    ["Solana", "solana", "solana"],
    ["MATIC", "polygon", "polygon"],
    ["BTC", "bitcoin", "bitcoin"],
    ["Base", "base", "base"],
    ["ETH", "ethereum", "ethereum"],
  ])("CoinGate: %j is %s (%s)", (text, key, code) => {
    expect(resolved("CoinGate", text)).toEqual({ key, code });
  });

  it("keeps the exact provider code typed when a network has several", () => {
    expect(resolved("CoinGate", "bsc")).toEqual({ key: "bsc", code: "bsc" });
    expect(resolved("CoinGate", "BEP20")).toEqual({ key: "bsc", code: "binance_smart_chain" });
  });

  it("suggests the closest names for a typo", () => {
    expect(refusal("GatePay", "Etherum")).toMatch(/"Etherum" is not known.*Ethereum \(ETH\)/);
    expect(refusal("GatePay", "TRC2O")).toMatch(/Tron \(TRX\)/);
    expect(refusal("GatePay", "Arbitrm")).toMatch(/Arbitrum One \(ARBEVM\)/);
  });

  it("explains what to type when nothing is close", () => {
    expect(refusal("GatePay", "qwertyuiop")).toMatch(/GatePay code \(such as ETH, TRX, BSC\)/);
    expect(refusal("CoinGate", "")).toMatch(/empty/);
  });

  it("says when the provider has no code for a known network", () => {
    expect(refusal("CoinGate", "Cardano")).toMatch(/CoinGate does not offer payouts on Cardano/);
  });

  it("lets the live catalogue choose the code and pass unknown codes through", () => {
    expect(resolved("CoinGate", "BEP20", ["ethereum", "bsc"])).toEqual({ key: "bsc", code: "bsc" });
    expect(resolved("CoinGate", "Cardano", ["cardano"])).toEqual({
      key: "cardano",
      code: "cardano",
    });
    const unknown = resolveNetwork(codes("GatePay"), "KAVAEVM", ["ETH", "KAVAEVM"]);
    expect(unknown).toMatchObject({ ok: true, providerCode: "KAVAEVM" });
    expect(unknown.ok && unknown.network.family).toBe("unknown");
    expect(refusal("GatePay", "TRC20", ["ETH"])).toMatch(/does not offer payouts on Tron/);
  });
});

describe("findNetworkByProviderCode", () => {
  it("maps each provider's codes back to the network", () => {
    expect(findNetworkByProviderCode(codes("GatePay"), "BASEEVM")?.key).toBe("base");
    expect(findNetworkByProviderCode(codes("GatePay"), "trx")?.key).toBe("tron");
    expect(findNetworkByProviderCode(codes("CoinGate"), "tron")?.key).toBe("tron");
    expect(findNetworkByProviderCode(codes("CoinGate"), "TRX")).toBeUndefined();
    expect(findNetworkByProviderCode(codes("GatePay"), "NOPE")).toBeUndefined();
  });
});

describe("built-in catalogue", () => {
  it("offers the required currencies on both providers", () => {
    for (const provider of PROVIDERS) {
      const currencies = new Set(provider.offlineOffers.map((o) => o.currency));
      for (const c of ["USDT", "USDC", "BTC", "ETH", "LTC", "TRX", "SOL", "BNB", "XRP", "DOGE"]) {
        expect(currencies).toContain(c);
      }
      expect(currencies).toContain("DAI");
      expect(currencies.has("POL") || currencies.has("MATIC")).toBe(true);
    }
  });

  it("uses only codes the registry maps back to a network, and conservative decimals", () => {
    for (const provider of PROVIDERS) {
      for (const offer of provider.offlineOffers) {
        const network = findNetworkByProviderCode(provider.networks, offer.network);
        expect(network).toBeDefined();
        expect(provider.networks.codes(network!)).toContain(offer.network);
        expect(offer.decimals).toBeLessThanOrEqual(provider.name === "GatePay" ? 6 : 8);
        expect(offer.enabled).toBe(true);
      }
    }
  });

  it("knows USDT on the main stablecoin networks", () => {
    const gatePay = offers("GatePay").filter((o) => o.currency === "USDT");
    expect(gatePay.map((o) => o.network)).toEqual(
      expect.arrayContaining(["ETH", "TRX", "BSC", "SOL"]),
    );
    expect(gatePay.find((o) => o.network === "ETH")?.decimals).toBe(6);
    const coinGate = offers("CoinGate").filter((o) => o.currency === "USDT");
    expect(coinGate.map((o) => o.network)).toEqual(
      expect.arrayContaining(["ethereum", "tron", "solana"]),
    );
  });

  it("is frozen data: the rules copy the offers before use", () => {
    expect(Object.isFrozen(offers("GatePay"))).toBe(true);
  });
});
