import { describeGatePayError, GATEPAY_ERRORS } from "../../../src/providers/gatepay";

describe("GatePay error table", () => {
  it.each([
    ["550233", "top_up", /top up/i],
    ["550234", "fix_row", /memo is too long/],
    ["550235", "fix_row", /more decimals/],
    ["550238", "split_batch", /too many payouts/],
    ["550239", "fix_row", /amount is missing/],
    ["550240", "fix_row", /currency is missing/],
    ["550241", "fix_row", /address is missing/],
    ["550242", "fix_row", /network \(chain\) is missing/],
    ["550245", "query_batch", /already has a batch/],
    ["550249", "fix_row", /1 to 32 letters/],
    ["400001", "fix_row", /parameter format/],
    ["400002", "check_secret", /GATEPAY_API_SECRET/],
    ["400003", "check_clock", /check the clock/],
    ["400004", "check_client_id", /GATEPAY_CLIENT_ID/],
    ["500008", "check_client_id", /GATEPAY_CLIENT_ID/],
    ["400007", "report_bug", /content type/],
    ["400020", "report_bug", /nonce/],
    ["300000", "retry_same", /system error/],
    ["300001", "retry_same", /internal error/],
    ["400000", "retry_same", /unknown error/],
    ["400202", "not_found", /no such order/],
  ])("%s -> %s", (code, action, sentence) => {
    const info = describeGatePayError(code, "ignored for known codes");
    expect(info).toEqual({ code, action, sentence: expect.stringMatching(sentence) });
    expect(info.sentence).not.toContain("ignored");
  });

  it("gives every entry a full sentence", () => {
    for (const entry of Object.values(GATEPAY_ERRORS)) {
      expect(entry.sentence).toMatch(/^[A-Z].*[.]$/);
    }
  });

  it("names the code of an unknown error and quotes GatePay's message, shortened", () => {
    expect(describeGatePayError("559999", "Chain under maintenance")).toEqual({
      code: "559999",
      action: "contact_gatepay",
      sentence: "GatePay refused the request with error 559999: Chain under maintenance",
    });
    expect(describeGatePayError("559999", null).sentence).toBe(
      "GatePay refused the request with error 559999.",
    );
    expect(describeGatePayError("1", "x".repeat(500)).sentence.length).toBeLessThan(260);
  });
});
