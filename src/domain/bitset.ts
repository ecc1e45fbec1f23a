/** A set of small whole numbers as bits, written as base64 text: 10,000 members in 1,700 characters. */
import { base64 } from "@scure/base";

export class BitSet {
  private constructor(private readonly bytes: Uint8Array) {}

  static empty(size: number): BitSet {
    return new BitSet(new Uint8Array(Math.ceil(size / 8)));
  }

  /** The set `toText` wrote, sized for `size` members; empty when the text cannot be read. */
  static fromText(text: string, size: number): BitSet {
    const set = BitSet.empty(size);
    try {
      set.bytes.set(base64.decode(text).subarray(0, set.bytes.length));
    } catch {
      // An unreadable set starts empty.
    }
    return set;
  }

  add(index: number): void {
    const byte = this.bytes[index >> 3];
    if (index >= 0 && byte !== undefined) this.bytes[index >> 3] = byte | (1 << (index & 7));
  }

  has(index: number): boolean {
    const byte = this.bytes[index >> 3];
    return index >= 0 && byte !== undefined && (byte & (1 << (index & 7))) !== 0;
  }

  toText(): string {
    return base64.encode(this.bytes);
  }
}
