/**
 * The add-on's history of destination addresses (CONTRACT section 7), pure: when each address
 * was first seen in a validated row, and, for those paid, when first and last, to whom, in which
 * currencies and networks. Built from the add-on's own record, so deleting rows changes nothing.
 * It answers the guards' questions: is this a first payment? did this recipient's address change
 * since their last payment in this currency and network? does a new address look like one
 * already paid (address poisoning)?
 */
import { networkKeyOf } from "./networks";

/** What the book knows of a payout that may have left. */
export interface PaidPayout {
  address: string;
  /** Email, else Recipient (lower case): who the payee is. */
  recipient: string;
  /** As written, for the sheet. */
  recipientName: string;
  currency: string;
  network: string;
  sentAt: string;
}

export interface AddressEntry {
  /** As written the first time it was seen. */
  address: string;
  firstSeen: string;
  firstPaid: string;
  lastPaid: string;
  payouts: number;
  recipients: string[];
  currencies: string[];
  networks: string[];
}

/** The same destination, however it is written: EVM addresses are case-insensitive. */
export function addressKey(address: string): string {
  const trimmed = address.trim();
  return /^0x[0-9a-fA-F]{40}$/.test(trimmed) ? trimmed.toLowerCase() : trimmed;
}

/** The payee a row pays: Email, else Recipient, compared without case or surrounding space. */
export function recipientKey(email: string, recipient: string): string {
  return (email.trim() || recipient.trim()).toLowerCase();
}

/**
 * Prefixes shared by every address of a kind: the characters a look-alike is compared on come
 * after them (so two bc1q... addresses are not alike for their prefix alone).
 */
const PREFIXES = [
  "bitcoincash:",
  "cosmos1",
  "addr1",
  "ltc1q",
  "bc1q",
  "bc1p",
  "tb1q",
  "0x",
  "EQ",
  "UQ",
  "T",
  "r",
];

function split(address: string): { prefix: string; core: string } {
  const prefix = PREFIXES.find((p) => address.startsWith(p)) ?? "";
  return { prefix, core: address.slice(prefix.length) };
}

/** The look-alike index key: prefix, then the first and last 4 characters after it. */
function resemblance(address: string): string | undefined {
  const { prefix, core } = split(address.trim());
  if (core.length < 12) return undefined;
  return `${prefix}|${core.slice(0, 4)}|${core.slice(-4)}`;
}

function lane(recipient: string, currency: string, network: string): string {
  return `${recipient}|${currency.toUpperCase()}|${networkKeyOf(network)}`;
}

export class AddressBook {
  private readonly seen = new Map<string, { address: string; at: string }>();
  private readonly paid = new Map<string, AddressEntry>();
  /** The last address paid to a recipient in a currency and network, with when. */
  private readonly lastTo = new Map<string, { address: string; at: string }>();
  /** Paid addresses by look-alike key. */
  private readonly alike = new Map<string, string[]>();

  /** `seen`: every address a validated row held, with when; `paid`: payouts that may have left. */
  constructor(seen: readonly { address: string; at: string }[], paid: readonly PaidPayout[]) {
    for (const { address, at } of seen) this.see(address, at);
    for (const payout of [...paid].sort((a, b) => a.sentAt.localeCompare(b.sentAt)))
      this.pay(payout);
  }

  private see(address: string, at: string): void {
    const key = addressKey(address);
    if (!key) return;
    const known = this.seen.get(key);
    if (!known || at < known.at) this.seen.set(key, { address: address.trim(), at });
  }

  private pay(payout: PaidPayout): void {
    const key = addressKey(payout.address);
    if (!key) return;
    this.see(payout.address, payout.sentAt);
    const add = (list: string[], item: string) => (list.includes(item) ? list : [...list, item]);
    const entry = this.paid.get(key);
    if (!entry) {
      this.paid.set(key, {
        address: payout.address.trim(),
        firstSeen: this.seen.get(key)?.at ?? payout.sentAt,
        firstPaid: payout.sentAt,
        lastPaid: payout.sentAt,
        payouts: 1,
        recipients: [payout.recipientName],
        currencies: [payout.currency.toUpperCase()],
        networks: [payout.network],
      });
      const index = resemblance(key);
      if (index) this.alike.set(index, [...(this.alike.get(index) ?? []), payout.address.trim()]);
    } else {
      entry.lastPaid = payout.sentAt;
      entry.payouts++;
      entry.recipients = add(entry.recipients, payout.recipientName);
      entry.currencies = add(entry.currencies, payout.currency.toUpperCase());
      entry.networks = add(entry.networks, payout.network);
    }
    this.lastTo.set(lane(payout.recipient, payout.currency, payout.network), {
      address: payout.address.trim(),
      at: payout.sentAt,
    });
  }

  /** When the address was first seen in a validated row (undefined: never). */
  firstSeen(address: string): string | undefined {
    return this.seen.get(addressKey(address))?.at;
  }

  wasPaid(address: string): boolean {
    return this.paid.has(addressKey(address));
  }

  /** The address a recipient was last paid at in this currency and network. */
  lastAddress(
    recipient: string,
    currency: string,
    network: string,
  ): { address: string; at: string } | undefined {
    return this.lastTo.get(lane(recipient, currency, network));
  }

  /**
   * A paid address this one resembles: the same EVM address in another letter case, or the same
   * first and last four characters after the prefix with a different middle.
   */
  resembles(address: string): string | undefined {
    const written = address.trim();
    const same = this.paid.get(addressKey(written));
    if (same)
      return same.address !== written && written.startsWith("0x") ? same.address : undefined;
    const index = resemblance(addressKey(written));
    return index ? this.alike.get(index)?.[0] : undefined;
  }

  /** Every paid address, the most recently paid first. */
  entries(): AddressEntry[] {
    return [...this.paid.values()].sort((a, b) => b.lastPaid.localeCompare(a.lastPaid));
  }
}
