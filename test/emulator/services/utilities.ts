/**
 * Utilities: HMAC, digests and base64 over strings or byte arrays, returning SIGNED bytes
 * (-128..127) as Apps Script does; SimpleDateFormat dates; a sleep that moves the virtual clock.
 */
import { createHash, createHmac, randomUUID } from "node:crypto";
import { isDate } from "../realm";
import type { Realm } from "../realm";
import type { Scope } from "../scope";
import { formatDate, PatternError } from "./format-date";

export const Charset = Object.freeze({ US_ASCII: "US_ASCII", UTF_8: "UTF_8" });

export const MacAlgorithm = Object.freeze({
  HMAC_MD5: "HMAC_MD5",
  HMAC_SHA_1: "HMAC_SHA_1",
  HMAC_SHA_256: "HMAC_SHA_256",
  HMAC_SHA_384: "HMAC_SHA_384",
  HMAC_SHA_512: "HMAC_SHA_512",
});

export const DigestAlgorithm = Object.freeze({
  MD2: "MD2",
  MD5: "MD5",
  SHA_1: "SHA_1",
  SHA_256: "SHA_256",
  SHA_384: "SHA_384",
  SHA_512: "SHA_512",
});

const NODE_ALGORITHMS: Record<string, string> = {
  HMAC_MD5: "md5",
  HMAC_SHA_1: "sha1",
  HMAC_SHA_256: "sha256",
  HMAC_SHA_384: "sha384",
  HMAC_SHA_512: "sha512",
  MD5: "md5",
  SHA_1: "sha1",
  SHA_256: "sha256",
  SHA_384: "sha384",
  SHA_512: "sha512",
};

/**
 * Strings become bytes in the given charset. Without one, crypto calls replace every non-ASCII
 * character with "?" (gas-fakes' reading of the real runtime): code that signs UTF-8 bodies
 * without Charset.UTF_8 then fails here too, instead of only in production.
 */
export function toBytes(
  value: unknown,
  charset: string | undefined,
  defaultCharset: "ASCII?" | "UTF_8",
): Buffer {
  if (Array.isArray(value))
    return Buffer.from(Array.from(value as number[], (byte) => byte & 0xff));
  const text = String(value);
  const effective = charset ?? defaultCharset;
  if (effective === Charset.UTF_8) return Buffer.from(text, "utf8");
  return Buffer.from(text.replace(/[\u0080-\u{10ffff}]/gu, "?"), "latin1");
}

export function signedBytes(realm: Realm, bytes: Uint8Array): number[] {
  return realm.array(Array.from(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
}

export class FakeBlob {
  private bytes: Buffer;

  constructor(
    private readonly realm: Realm,
    data: unknown,
    private contentType: string | null = null,
    private name: string | null = null,
  ) {
    this.bytes = toBytes(data ?? "", undefined, "UTF_8");
  }

  getBytes(): number[] {
    return signedBytes(this.realm, this.bytes);
  }

  getDataAsString(charset?: string): string {
    return this.bytes.toString(charset === Charset.US_ASCII ? "latin1" : "utf8");
  }

  setDataFromString(string: string, charset?: string): this {
    this.bytes = toBytes(string, charset, "UTF_8");
    return this;
  }

  getContentType(): string | null {
    return this.contentType;
  }

  setContentType(contentType: string): this {
    this.contentType = contentType;
    return this;
  }

  getName(): string | null {
    return this.name;
  }

  setName(name: string): this {
    this.name = name;
    return this;
  }

  copyBlob(): FakeBlob {
    return new FakeBlob(this.realm, Array.from(this.bytes), this.contentType, this.name);
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function utilities(scope: Scope) {
  const { rt, realm, state } = scope;
  const call = <T>(method: string, effect: () => T): T => rt.call(`Utilities.${method}`, effect);
  const algorithm = (name: unknown): string => {
    const node = NODE_ALGORITHMS[String(name)];
    if (!node) throw realm.error(`Invalid argument: algorithm (${String(name)} is not supported)`);
    return node;
  };
  const decode = (encoded: string, webSafe: boolean): number[] => {
    let text = String(encoded).replace(/\s/g, "");
    if (webSafe) text = text.replace(/-/g, "+").replace(/_/g, "/");
    if (!BASE64.test(text)) throw realm.error("Could not decode string.");
    return signedBytes(realm, Buffer.from(text, "base64"));
  };
  const hmac = (name: unknown, value: unknown, key: unknown, charset?: string) =>
    signedBytes(
      realm,
      createHmac(algorithm(name), toBytes(key, charset, "ASCII?"))
        .update(toBytes(value, charset, "ASCII?"))
        .digest(),
    );

  return {
    Charset,
    MacAlgorithm,
    DigestAlgorithm,
    computeHmacSignature: (name: string, value: unknown, key: unknown, charset?: string) =>
      call("computeHmacSignature", () => hmac(name, value, key, charset)),
    computeHmacSha256Signature: (value: unknown, key: unknown, charset?: string) =>
      call("computeHmacSha256Signature", () =>
        hmac(MacAlgorithm.HMAC_SHA_256, value, key, charset),
      ),
    computeDigest: (name: string, value: unknown, charset?: string) =>
      call("computeDigest", () =>
        signedBytes(
          realm,
          createHash(algorithm(name))
            .update(toBytes(value, charset, "ASCII?"))
            .digest(),
        ),
      ),
    base64Encode: (data: unknown, charset?: string) =>
      call("base64Encode", () => toBytes(data, charset, "UTF_8").toString("base64")),
    base64EncodeWebSafe: (data: unknown, charset?: string) =>
      call("base64EncodeWebSafe", () =>
        toBytes(data, charset, "UTF_8").toString("base64").replace(/\+/g, "-").replace(/\//g, "_"),
      ),
    base64Decode: (encoded: string) => call("base64Decode", () => decode(encoded, false)),
    base64DecodeWebSafe: (encoded: string) =>
      call("base64DecodeWebSafe", () => decode(encoded, true)),
    getUuid: () => call("getUuid", () => randomUUID()),
    formatDate: (date: Date, timeZone: string, format: string) =>
      call("formatDate", () => {
        if (!isDate(date))
          throw realm.error(
            "The parameters don't match the method signature for Utilities.formatDate.",
          );
        try {
          return formatDate(date.getTime(), String(timeZone), String(format));
        } catch (error) {
          if (error instanceof PatternError || error instanceof RangeError)
            throw realm.error(error.message);
          throw error;
        }
      }),
    sleep: (milliseconds: number) =>
      call("sleep", () => {
        state.clock.advance(Math.max(0, Math.round(Number(milliseconds)) || 0));
      }),
    newBlob: (data: unknown, contentType?: string, name?: string) =>
      call("newBlob", () => new FakeBlob(realm, data, contentType ?? null, name ?? null)),
  };
}
