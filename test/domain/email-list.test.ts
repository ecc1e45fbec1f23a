import { isEmailList, readEmailList } from "../../src/domain/email-list";

describe("readEmailList", () => {
  it("reads comma-separated addresses: trimmed, lower case, each once, empty entries skipped", () => {
    expect(readEmailList(" Ann@Example.com, bob@example.org ,, ann@example.com ")).toEqual({
      emails: ["ann@example.com", "bob@example.org"],
      invalid: [],
    });
    expect(readEmailList("")).toEqual({ emails: [], invalid: [] });
  });

  it("names every entry that is not an address, as typed", () => {
    expect(readEmailList("ann@example.com; bob@example.org, Carol, dave@localhost")).toEqual({
      emails: [],
      invalid: ["ann@example.com; bob@example.org", "Carol", "dave@localhost"],
    });
  });

  it("accepts a list only when every entry is an address (an empty list is)", () => {
    expect(isEmailList("a@example.com,b@example.com")).toBe(true);
    expect(isEmailList("")).toBe(true);
    expect(isEmailList("a@example.com, b")).toBe(false);
  });
});
