/**
 * Adding a provider is its folder and its registry line. This copies the project's src/ to a
 * temporary project, drops the test-only "StubPay" folder (test/fixtures/third-provider/) into
 * src/providers/, adds StubPay to src/providers/registry.ts (its import and its line), and then:
 * the copy type-checks (strict), bundles, and in the emulator pays a StubPay row end to end:
 * setup, validation, submission, a callback through doPost and a refresh. Nothing else changed.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Emulator } from "../emulator";
import type { WireRequest, WireResponse } from "../support/wire";

const ROOT = join(__dirname, "..", "..");
const TRON = "TP9dG5pDouNEPNcbDif9w9atvMFz4pm4KY";

/** A copy of the project with StubPay registered; the registry is the only file edited. */
function projectWithStubPay(): string {
  const dir = mkdtempSync(join(tmpdir(), "third-provider-"));
  for (const item of ["src", "appsscript.json", "esbuild.config.mjs", "tsconfig.json"])
    cpSync(join(ROOT, item), join(dir, item), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  cpSync(
    join(__dirname, "..", "fixtures", "third-provider", "stubpay"),
    join(dir, "src", "providers", "stubpay"),
    {
      recursive: true,
    },
  );
  const registry = join(dir, "src", "providers", "registry.ts");
  const text = readFileSync(registry, "utf8");
  const marker = "  // New providers: one line each, above this comment.";
  if (!text.includes(marker)) throw new Error("The registry lost its marker line.");
  writeFileSync(
    registry,
    `import { stubPay } from "./stubpay/entry";\n${text.replace(marker, `  stubPay,\n${marker}`)}`,
  );
  return dir;
}

/** StubPay's API as the stub client expects it: create, look up, and a way to settle. */
class StubPayApi {
  readonly payouts = new Map<
    string,
    { id: string; reference: string; status: string; address: string; amount: string }
  >();
  readonly handle = (request: WireRequest): WireResponse => {
    const path = request.url.replace(/^https:\/\/api\.stubpay\.test/, "");
    if (request.method === "POST" && path === "/v1/payouts") {
      const body = JSON.parse(request.body ?? "{}") as {
        reference: string;
        address: string;
        amount: string;
      };
      if (this.payouts.has(body.reference)) return { status: 422, body: "{}" };
      const payout = { id: `S-${this.payouts.size + 1}`, status: "pending", ...body };
      this.payouts.set(body.reference, payout);
      return { status: 201, body: JSON.stringify(payout) };
    }
    const found = /^\/v1\/payouts\/(\w+)$/.exec(path);
    const payout = found ? this.payouts.get(found[1] ?? "") : undefined;
    return payout ? { status: 200, body: JSON.stringify(payout) } : { status: 404, body: "{}" };
  };
}

describe("a third provider is its folder and its registry line", () => {
  let dir = "";
  beforeAll(() => {
    dir = projectWithStubPay();
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("type-checks and bundles with nothing else changed", () => {
    execFileSync(
      process.execPath,
      [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"],
      {
        cwd: dir,
        stdio: "pipe",
      },
    );
    const out = execFileSync(process.execPath, ["esbuild.config.mjs"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(out).toMatch(/entry points/);
  });

  it("pays a StubPay row end to end: validate, submit, callback, refresh", () => {
    const api = new StubPayApi();
    const emu = new Emulator({
      bundlePath: join(dir, "dist", "Code.js"),
      htmlDir: join(dir, "dist"),
      scriptUrl: "https://script.google.com/macros/s/EMULATED/exec",
    });
    emu.route("api.stubpay.test", api.handle);
    emu.properties.set("STUBPAY_API_KEY", "stub-key-12345");
    const call = (name: string) => {
      const run = emu.run(name, [], { context: "trigger" });
      if (run.error) throw run.error;
      return run.value as { ok: boolean; message: string };
    };
    call("setupPayoutsSheet");
    const headers = emu.sheet("Payouts")?.display()[0] ?? [];
    const row = (values: Record<string, string>) => headers.map((header) => values[header] ?? "");
    emu.typeInto("Payouts", 2, 1, [
      row({
        Provider: "stubpay",
        Recipient: "Ann Lee",
        Currency: "USDT",
        Network: "TRC20",
        Address: TRON,
        Amount: "12.5",
      }),
    ]);
    const cell = (header: string) =>
      emu.sheet("Payouts")?.display()[1]?.[headers.indexOf(header)] ?? "";

    expect(call("validatePayouts").message).toMatch(/^1 valid, 0 invalid/);
    expect(cell("Status")).toBe("VALID");
    expect(call("submitPayouts").message).toMatch(/1 created/);
    const id = cell("Payout ID");
    expect(api.payouts.get(id)).toMatchObject({ address: TRON, amount: "12.5", status: "pending" });
    expect(cell("Status")).toBe("PENDING");
    expect(cell("Provider ID")).toBe("S-1");

    // A callback to ?provider=stubpay moves it; the refresh confirms the final status.
    const payout = api.payouts.get(id);
    if (!payout) throw new Error("not created");
    payout.status = "paying";
    const post = emu.post({
      query: { provider: "stubpay", token: emu.properties.get("CALLBACK_TOKEN") ?? "" },
      body: JSON.stringify(payout),
      contentType: "application/json",
    });
    expect(post.output?.content).toBe("ok");
    payout.status = "paid";
    call("refreshPayouts");
    expect(cell("Status")).toBe("COMPLETED");
    // Paid once.
    expect([...api.payouts.values()].filter((p) => p.reference === id)).toHaveLength(1);
  });
});
