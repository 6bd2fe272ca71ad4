// Bounds that need a bridge of their own: a short --request-timeout for a
// client that sends one header byte per second, and a small
// --max-connections for more connections than allowed.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { copyOfMarketing, idleConnection, rawExchange, removeFolder, sleep, startBridge, stopsCleanly, temporaryFolder } from "../harness.mjs";
import { assertODataError } from "../odata.mjs";

export function connectionLimits() {
  describe("a slow client is cut off after --request-timeout", () => {
    let folder, bridge;
    before(async () => {
      folder = temporaryFolder("bridge-slow");
      copyOfMarketing(folder);
      bridge = await startBridge(["--data", folder, "--request-timeout", "2"]);
    });
    after(async () => {
      await bridge?.stop();
      removeFolder(folder);
    });

    test("one header byte a second: the connection ends after about 2 s, not when the client is done", { timeout: 30_000 }, async () => {
      const request = `GET /odata/Marketing_Values HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${"s".repeat(40)}\r\n\r\n`;
      const reply = await rawExchange(bridge.port, request, { pace: 1000, timeoutMs: 15_000 });
      assert.notEqual(reply.how, "timeout", "the server never cut the client off");
      assert.ok(reply.elapsedMs >= 1500 && reply.elapsedMs < 6000, `cut off after ${reply.elapsedMs} ms`);
      assert.ok(reply.status === null || reply.status === 408, `status ${reply.status}`);
    });

    test("a client that connects and sends nothing is cut off too", { timeout: 30_000 }, async () => {
      const reply = await rawExchange(bridge.port, "", { timeoutMs: 15_000 });
      assert.notEqual(reply.how, "timeout");
      assert.ok(reply.elapsedMs < 6000, `${reply.elapsedMs} ms`);
    });

    // Fresh connections each time: an idle keep-alive connection is itself cut
    // off after 2 s, and a pooled one could be reused just as that happens.
    test("meanwhile and afterwards, prompt clients are served", async () => {
      const prompt = "GET /odata/Marketing_Values?$top=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
      const slow = rawExchange(bridge.port, "GET /odata/ HTTP/1.1\r\n", { pace: 1000, timeoutMs: 15_000 });
      assert.equal((await rawExchange(bridge.port, prompt)).status, 200);
      await slow;
      assert.equal((await rawExchange(bridge.port, prompt)).status, 200);
    });

    stopsCleanly(() => [bridge]);
  });

  describe("more connections than --max-connections get 503", () => {
    let folder, bridge;
    const most = 4;
    before(async () => {
      folder = temporaryFolder("bridge-busy");
      copyOfMarketing(folder);
      bridge = await startBridge(["--data", folder, "--max-connections", String(most), "--request-timeout", "30"]);
    });
    after(async () => {
      await bridge?.stop();
      removeFolder(folder);
    });

    test(`${most} idle connections fill the bridge; the next is refused with 503, then served once they leave`, { timeout: 30_000 }, async () => {
      const idle = [];
      try {
        for (let i = 0; i < most; ++i) idle.push(await idleConnection(bridge.port));
        await sleep(200);  // the bridge accepts them
        const refused = await rawExchange(bridge.port, "GET /odata/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assert.equal(refused.status, 503, `status ${refused.status} (${refused.how})`);
        assertODataError({ status: refused.status, json: JSON.parse(refused.body), text: refused.body }, 503);
        assert.equal(refused.headers["odata-version"], "4.0");
      } finally {
        for (const connection of idle) connection.close();
      }
      let status = 0;
      for (let attempt = 0; attempt < 50 && status !== 200; ++attempt) {
        await sleep(100);
        status = (await rawExchange(bridge.port, "GET /odata/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")).status;
      }
      assert.equal(status, 200, "served again once the idle connections closed");
    });

    test("up to the limit, concurrent clients are all served", async () => {
      const replies = await Promise.all(
        Array.from({ length: most }, () => rawExchange(bridge.port, "GET /odata/Marketing_Values?$top=5 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")),
      );
      for (const reply of replies) assert.equal(reply.status, 200);
    });

    stopsCleanly(() => [bridge]);
  });
}
