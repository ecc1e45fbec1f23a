import { gatePayNonce, gatePaySignature } from "../../../src/providers/gatepay";
import { nodeCrypto } from "./support";

describe("GatePay request signature", () => {
  it("matches the published vector (secret 123, body `{the_answer: 42}`)", () => {
    expect(gatePaySignature(nodeCrypto, "123", "1700073707111", "456", "{the_answer: 42}")).toBe(
      "1b03f547af065490c6e106bd93afc861329c52b596512d49489ca0c4ea57adee2991a576e402422a6bb092b83acf0a5618f5b0a7d4c639ae7779fbb3a1b16346",
    );
  });

  it.each([
    [
      "payment order body",
      "your_payment_api_secret",
      "1710000000000",
      "abc123xyz789",
      '{"merchantTradeNo":"M202604150001","currency":"USDT","orderAmount":"10.00"}',
      "991d629a25b2067df90c3c683061236105205945ba1ceb8af9672b3efae35d7bbdc62d092b07ac4c5b51ee5aed54d40846b1809331614e867dd94a506a2e03f6",
    ],
    [
      "GET (empty body)",
      "123",
      "1700073707111",
      "456",
      "",
      "9840f2b48d9f34f5beff5f05ba4ac2d4869206cb7677298718906964a52b8fa419e09894c0e304f3a2280c7182769940dd39a681077edbed95b44f926b175013",
    ],
    [
      "create batch body",
      "test_secret_key",
      "1672905655498",
      "9578",
      '{"batch_id":"237394559478075350","withdraw_list":[{"merchant_withdraw_id":"M137394559478075550","currency":"USDT","amount":"1","chain":"ETH","address":"0x1234567890abcdef","memo":"Payment for services-1","fee_type":1}]}',
      "f66fa384d4e011ec3905f470e72816f9d191e211e105a2e5fc720e28d18d8babd6e2344e2d352156f5347516036bf5996aa1f8f42b0ee95c724ceefa3067d0f4",
    ],
    [
      "query batch body",
      "test_secret_key",
      "1672905655498",
      "9578",
      '{"batch_id":"237394559478075350","detail_status":"ALL"}',
      "98e209cffa5473654469c3ee7ba2a358cd9c4862a546a20e54435954388224eee714c1a0030c529f1c164c81e95c48bd5b9501434ff824bd32b5309bedbbcd55",
    ],
    [
      "GET with the test key",
      "test_secret_key",
      "1672905655498",
      "9578",
      "",
      "33d54413e7e161968ecb6c300ded5387c256512b18d8c5260fd869626749f3396a180d9f4dbdfdaadd5e057c294c98d22b78e0d25a9895613d01d413964e9ed1",
    ],
  ])(
    "matches the reference's locally computed vector: %s",
    (_name, secret, ts, nonce, body, sig) => {
      expect(gatePaySignature(nodeCrypto, secret, ts, nonce, body)).toBe(sig);
    },
  );

  it("makes 32-character alphanumeric nonces from a UUID", () => {
    const nonce = gatePayNonce({
      ...nodeCrypto,
      uuid: () => "0f8fad5b-d9cb-469f-a165-70867728950e",
    });
    expect(nonce).toBe("0f8fad5bd9cb469fa16570867728950e");
    expect(gatePayNonce(nodeCrypto)).toMatch(/^[A-Za-z0-9]{32}$/);
  });
});
