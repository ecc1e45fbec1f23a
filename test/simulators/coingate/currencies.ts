/**
 * The simulator's currencies and platforms. The ids mimic the reference's examples; real ids
 * differ between sandbox and live, which is why the client looks them up and a test may pass
 * its own set.
 */

export interface SimPlatform {
  id: number;
  id_name: string;
  title: string;
  enabled: boolean;
}

export interface SimCurrency {
  id: number;
  title: string;
  kind: "crypto" | "fiat";
  symbol: string;
  enabled: boolean;
  /** Networks it can be paid out on; empty for currencies that only denominate amounts. */
  platforms: SimPlatform[];
  /** Price in USD, for the simulator's conversions. */
  usdPrice: string;
}

const platform = (id: number, id_name: string, title: string): SimPlatform => ({
  id,
  id_name,
  title,
  enabled: true,
});

const ETHEREUM = platform(1, "ethereum", "Ethereum");
const TRON = platform(4, "tron", "Tron");
const BITCOIN = platform(6, "bitcoin", "Bitcoin");
const LITECOIN = platform(10, "litecoin", "Litecoin");
const SOLANA = platform(20, "solana", "Solana");
const POLYGON = platform(39, "polygon", "Polygon");
const BASE = platform(42, "base", "Base");

export function defaultCurrencies(): SimCurrency[] {
  const crypto = (
    id: number,
    symbol: string,
    title: string,
    usdPrice: string,
    platforms: SimPlatform[],
  ): SimCurrency => ({ id, symbol, title, kind: "crypto", enabled: true, platforms, usdPrice });
  const fiat = (id: number, symbol: string, title: string, usdPrice: string): SimCurrency => ({
    id,
    symbol,
    title,
    kind: "fiat",
    enabled: true,
    platforms: [],
    usdPrice,
  });
  return [
    crypto(1, "BTC", "Bitcoin", "60000", [BITCOIN]),
    crypto(3, "ETH", "Ethereum", "3000", [ETHEREUM]),
    crypto(7, "LTC", "Litecoin", "80", [LITECOIN]),
    crypto(97, "USDT", "Tether", "1", [ETHEREUM, TRON, SOLANA, POLYGON]),
    crypto(113, "USDC", "USD Coin", "1", [ETHEREUM, BASE, SOLANA]),
    fiat(2, "EUR", "Euro", "1.08"),
    fiat(5, "USD", "US Dollar", "1"),
  ];
}
