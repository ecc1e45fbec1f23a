/** The batched JSON-RPC client against the EVM node simulator: ids, failures, and no URL in a message. */
import { sendRpcBatches } from "../../../src/app/reconcile/chain-rpc";
import { EvmSimulator } from "../../simulators/evm";
import { httpFromRoutes } from "../../support/wire";

const URL = "https://node.rpc.test/v1/SECRETKEY42";

function world(options: ConstructorParameters<typeof EvmSimulator>[0] = {}) {
  const node = new EvmSimulator(options);
  const http = httpFromRoutes({ "node.rpc.test": node.handle });
  return { node, http };
}

describe("sendRpcBatches", () => {
  it("matches answers to calls by id, whatever order the node answers in", () => {
    const { node, http } = world();
    const hash = node.send({ to: "0x188d526a0be5afe74716ddf35d04fd7bb57bfead", amount: "1.5" });
    const [answers] = sendRpcBatches(http, [
      {
        url: URL,
        network: "Ethereum",
        calls: [
          { method: "eth_blockNumber", params: [] },
          { method: "eth_getTransactionByHash", params: [hash] },
          { method: "eth_getTransactionReceipt", params: [`0x${"0".repeat(64)}`] },
        ],
      },
    ]);
    expect(answers[0]).toEqual({ ok: true, result: `0x${node.blockNumber().toString(16)}` });
    expect(answers[1]).toMatchObject({ ok: true, result: { value: "0x14d1120d7b160000" } });
    expect(answers[2]).toEqual({ ok: true, result: null });
    expect(http.sent).toHaveLength(1);
  });

  it("fails every call of a batch the node refuses or does not answer, naming the network only", () => {
    const { node, http } = world({ maxBatch: 2 });
    const calls = [1, 2, 3].map(() => ({ method: "eth_blockNumber", params: [] }));
    const refused = sendRpcBatches(http, [{ url: URL, network: "Ethereum", calls }])[0];
    expect(refused).toEqual(
      calls.map(() => ({
        ok: false,
        reason: "the Ethereum node refused the batch: Batch too large",
      })),
    );
    node.failNext(1, 503);
    expect(
      sendRpcBatches(http, [{ url: URL, network: "Ethereum", calls: calls.slice(0, 1) }])[0],
    ).toEqual([{ ok: false, reason: "the Ethereum node answered HTTP 503" }]);
    node.dropNextAnswer();
    const lost = sendRpcBatches(http, [
      { url: URL, network: "Ethereum", calls: calls.slice(0, 1) },
    ]);
    expect(lost[0]).toEqual([{ ok: false, reason: "the Ethereum node did not answer" }]);
    expect(JSON.stringify(lost)).not.toContain("SECRETKEY42");
    const unknown = sendRpcBatches(http, [
      { url: URL, network: "Ethereum", calls: [{ method: "eth_sendTransaction", params: [] }] },
    ]);
    expect(unknown[0]).toEqual([
      { ok: false, reason: "the Ethereum node refused eth_sendTransaction: Method not found" },
    ]);
  });
});
