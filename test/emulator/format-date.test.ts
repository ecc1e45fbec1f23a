import { Emulator } from "./emulator";

const CODE = `
function fmt(ms, tz, pattern) {
  try { return Utilities.formatDate(new Date(ms), tz, pattern); } catch (e) { return "error: " + e.message; }
}
`;

describe("Utilities.formatDate", () => {
  const emu = new Emulator({ code: CODE });
  const at = Date.UTC(2026, 0, 5, 9, 3, 7, 45); // a Monday
  const fmt = (tz: string, pattern: string) => emu.run("fmt", [at, tz, pattern]).value;

  it.each([
    ["Etc/UTC", "yyyy-MM-dd'T'HH:mm:ss.SSSX", "2026-01-05T09:03:07.045Z"],
    ["Etc/UTC", "yyyy-MM-dd'T'HH:mm:ssXXX", "2026-01-05T09:03:07Z"],
    ["Europe/Vilnius", "yyyy-MM-dd'T'HH:mm:ssXXX", "2026-01-05T11:03:07+02:00"],
    ["Europe/Vilnius", "HH:mm Z", "11:03 +0200"],
    ["America/New_York", "yyyy-MM-dd HH:mm X", "2026-01-05 04:03 -05"],
    ["Etc/UTC", "EEE, d MMM yyyy hh:mm a", "Mon, 5 Jan 2026 09:03 AM"],
    ["Etc/UTC", "EEEE MMMM yy", "Monday January 26"],
    ["Etc/UTC", "'It''s' H 'o''clock'", "It's 9 o'clock"],
  ])("in %s, %p gives %p", (tz, pattern, expected) => {
    expect(fmt(tz, pattern)).toBe(expected);
  });

  it("follows daylight saving time", () => {
    const summer = Date.UTC(2026, 6, 1, 12, 0, 0);
    expect(emu.run("fmt", [summer, "Europe/Vilnius", "HH:mmXXX"]).value).toBe("15:00+03:00");
  });

  it("rejects letters SimpleDateFormat does not know", () => {
    expect(fmt("Etc/UTC", "yyyy-qq")).toBe("error: Illegal pattern character 'q'");
  });
});
