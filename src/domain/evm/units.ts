/**
 * EVM quantities: JSON-RPC sends integers as hex ("0x1bc16d674ec80000"), in the token's smallest
 * unit (wei: 18 decimals; USDT on Ethereum: 6). They are converted with integer-string
 * arithmetic (BigInt for the hex, then the decimal point placed by hand): never a JS float.
 */
import { formatAmount, type Amount } from "../money";

const HEX_QUANTITY = /^0x[0-9a-fA-F]{1,64}$/;
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** A hex quantity as decimal integer text ("0x10" -> "16"); undefined when not hex. */
export function hexToIntegerText(hex: string): string | undefined {
  const text = hex.trim();
  if (text === "0x") return "0";
  return HEX_QUANTITY.test(text) ? BigInt(text).toString(10) : undefined;
}

/** Smallest units as a decimal amount: ("1500000", 6) -> "1.5". */
export function fromBaseUnits(integerText: string, decimals: number): Amount {
  if (!/^\d+$/.test(integerText)) throw new Error(`Not a whole number: "${integerText}"`);
  const digits = integerText.padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  return formatAmount(fraction ? `${whole}.${fraction}` : whole);
}

/**
 * A decimal amount in smallest units: ("1.5", 6) -> "1500000"; undefined when it has more
 * decimals than the token (it could not have been sent exactly).
 */
export function toBaseUnits(amount: string, decimals: number): string | undefined {
  const match = DECIMAL.exec(amount.trim());
  if (!match) return undefined;
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > decimals) return undefined;
  const digits = (match[1] + fraction.padEnd(decimals, "0")).replace(/^0+(?=\d)/, "");
  return digits;
}

/** Sum of decimal integer texts. */
export function addIntegerTexts(values: readonly string[]): string {
  return values.reduce((sum, value) => sum + BigInt(value), 0n).toString(10);
}
