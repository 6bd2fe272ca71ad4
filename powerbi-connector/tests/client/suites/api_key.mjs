// The API key: refused without it or with a wrong one (401 with a
// WWW-Authenticate challenge), accepted in each form a client sends it, and
// required before the bridge listens beyond loopback.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { copyOfMarketing, removeFolder, runBridge, startBridge, stopsCleanly, temporaryFolder } from "../harness.mjs";
import { assertODataError, odataClient, request } from "../odata.mjs";

const key = "k3y-for-the-client-tests_0123456789";
const basic = (text) => `Basic ${Buffer.from(text).toString("base64")}`;

export function apiKey() {
  describe("API key", () => {
    let folder, bridge, fromEnvironment;
    before(async () => {
      folder = temporaryFolder("bridge-key");
      copyOfMarketing(folder);
      bridge = await startBridge(["--data", folder, "--api-key", key]);
      fromEnvironment = await startBridge(["--data", folder], { env: { KPILOT_API_KEY: key } });
    });
    after(async () => {
      await bridge?.stop();
      await fromEnvironment?.stop();
      removeFolder(folder);
    });

    const refused = [
      ["no key", {}],
      ["a wrong X-API-Key", { "X-API-Key": "wrong" }],
      ["the key with a character more", { "X-API-Key": `${key}x` }],
      ["the key with a character less", { "X-API-Key": key.slice(0, -1) }],
      ["an empty X-API-Key", { "X-API-Key": "" }],
      ["a wrong Basic password", { Authorization: basic(":wrong") }],
      ["the key as a Basic user name with a wrong password", { Authorization: basic(`${key}:nope`) }],
      ["a wrong Bearer token", { Authorization: "Bearer wrong" }],
      ["the key under an unknown scheme", { Authorization: `Token ${key}` }],
      ["the key in the query string", {}, `?api_key=${key}`],
    ];
    for (const [what, headers, query = ""] of refused)
      test(`${what}: 401 with WWW-Authenticate`, async () => {
        for (const path of ["", "$metadata", "Marketing_Values"]) {
          const reply = await request(`${bridge.url}${path}${query}`, { headers });
          assertODataError(reply, 401);
          assert.match(reply.headers.get("www-authenticate") ?? "", /^Basic realm=/);
          assert.ok(!reply.text.includes(key), "the key is not echoed");
        }
      });

    const accepted = [
      ["X-API-Key", { "X-API-Key": key }],
      ["Authorization: Basic base64(':key'), as Power Query's Key credential sends it", { Authorization: basic(`:${key}`) }],
      ["Authorization: Bearer key", { Authorization: `Bearer ${key}` }],
      ["X-API-Key alongside an unrelated Authorization header", { "X-API-Key": key, Authorization: basic("someone:else") }],
    ];
    for (const [what, headers] of accepted)
      test(`${what}: 200`, async () => {
        for (const server of [bridge, fromEnvironment]) {
          const reply = await request(`${server.url}Marketing_Values?$top=2`, { headers });
          assert.equal(reply.status, 200, `${server === bridge ? "--api-key" : "KPILOT_API_KEY"}: ${reply.text}`);
          assert.equal(reply.json.value.length, 2);
        }
      });

    test("@odata/client with a Basic credential (empty user, the key as password) reads the feed", async () => {
      const { client } = odataClient(bridge.url, { credential: { username: "", password: key } });
      const rows = await client.getEntitySet("Marketing_Values").query(client.newOptions().top(3));
      assert.equal(rows.length, 3);
      const stranger = odataClient(bridge.url, { credential: { username: "", password: "guess" } }).client;
      await assert.rejects(stranger.getEntitySet("Marketing_Values").query(stranger.newOptions().top(3)));
    });

    test("--listen on a non-loopback address without a key refuses to start (exit code 2)", () => {
      for (const address of ["0.0.0.0", "::"]) {
        const run = runBridge(["--data", folder, "--listen", address, "--port", "0"]);
        assert.equal(run.status, 2, `--listen ${address}: ${run.stderr}`);
        assert.match(run.stderr, /api-key|KPILOT_API_KEY/);
        assert.equal(run.stdout, "", "it never said it was serving");
      }
      const empty = runBridge(["--data", folder, "--listen", "0.0.0.0", "--port", "0"], { env: { KPILOT_API_KEY: "" } });
      assert.equal(empty.status, 2, "an empty KPILOT_API_KEY is no key");
    });

    stopsCleanly(() => [bridge, fromEnvironment]);
  });
}
