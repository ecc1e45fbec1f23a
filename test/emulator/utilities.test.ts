import { createHmac } from "node:crypto";
import { Emulator } from "./emulator";

const CODE = `
function hex(bytes) { return bytes.map(function (b) { return (b & 0xff).toString(16).padStart(2, "0"); }).join(""); }
function hmac512(message, key) {
  var bytes = Utilities.computeHmacSignature(Utilities.MacAlgorithm.HMAC_SHA_512, message, key, Utilities.Charset.UTF_8);
  return { hex: hex(bytes), min: Math.min.apply(null, bytes), max: Math.max.apply(null, bytes), isArray: bytes instanceof Array };
}
function hmac256NoCharset(message, key) { return hex(Utilities.computeHmacSha256Signature(message, key)); }
function hmac256Utf8(message, key) { return hex(Utilities.computeHmacSha256Signature(message, key, Utilities.Charset.UTF_8)); }
function hmacOfBytes() {
  var key = Utilities.newBlob("k").getBytes();
  return hex(Utilities.computeHmacSignature(Utilities.MacAlgorithm.HMAC_SHA_256, Utilities.newBlob("v").getBytes(), key));
}
function digest(text) { return hex(Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, text, Utilities.Charset.UTF_8)); }
function base64() {
  var bytes = Utilities.base64Decode("/+8=");
  return [Utilities.base64Encode("héllo", Utilities.Charset.UTF_8), Utilities.base64EncodeWebSafe([-1, -17]),
    bytes, Utilities.newBlob(Utilities.base64DecodeWebSafe("aMOpbGxv")).getDataAsString()];
}
function badBase64() { try { Utilities.base64Decode("@@@"); } catch (e) { return e.message; } }
function uuid() { return Utilities.getUuid(); }
function sleepy() { var t = Date.now(); Utilities.sleep(2500); return Date.now() - t; }
`;

describe("Utilities", () => {
  const emu = new Emulator({ code: CODE });

  it("computes HMAC-SHA512 as signed bytes (Gate Pay's documented example)", () => {
    const result = emu.run("hmac512", ["1700073707111\n456\n{the_answer: 42}\n", "123"]).value;
    expect(result).toEqual({
      hex: "1b03f547af065490c6e106bd93afc861329c52b596512d49489ca0c4ea57adee2991a576e402422a6bb092b83acf0a5618f5b0a7d4c639ae7779fbb3a1b16346",
      min: expect.any(Number),
      max: expect.any(Number),
      isArray: true,
    });
    const { min, max } = result as { min: number; max: number };
    expect(min).toBeLessThan(0);
    expect(min).toBeGreaterThanOrEqual(-128);
    expect(max).toBeLessThanOrEqual(127);
  });

  it("signs UTF-8 text correctly only when Charset.UTF_8 is passed", () => {
    const expected = createHmac("sha256", "k").update("€5", "utf8").digest("hex");
    expect(emu.run("hmac256Utf8", ["€5", "k"]).value).toBe(expected);
    expect(emu.run("hmac256NoCharset", ["€5", "k"]).value).toBe(
      createHmac("sha256", "k").update("?5", "latin1").digest("hex"),
    );
  });

  it("signs byte arrays", () => {
    expect(emu.run("hmacOfBytes").value).toBe(createHmac("sha256", "k").update("v").digest("hex"));
  });

  it("computes digests", () => {
    expect(emu.run("digest", ["abc"]).value).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });

  it("encodes and decodes base64, with signed bytes and web-safe variants", () => {
    expect(emu.run("base64").value).toEqual(["aMOpbGxv", "_-8=", [-1, -17], "héllo"]);
    expect(emu.run("badBase64").value).toBe("Could not decode string.");
  });

  it("makes version-4 UUIDs", () => {
    expect(emu.run("uuid").value).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("sleeps on the virtual clock", () => {
    const elapsed = emu.run("sleepy").value as number;
    expect(elapsed).toBeGreaterThanOrEqual(2500);
    expect(elapsed).toBeLessThan(2600);
  });
});
