// Bounds that need a bridge of their own: a short --request-timeout for a
// client that sends one header byte per second, a small --max-connections
// (and the default one) filled by connections that send nothing, and a
// SIGTERM while a keep-alive connection is idle.
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

  // Issue 11: 300 idle connections used to fill the 256 allowed, and then every analyst got 503.
  describe("connections that send nothing cannot lock clients out", () => {
    let folder, small, standard;
    const most = 4;
    before(async () => {
      folder = temporaryFolder("bridge-busy");
      copyOfMarketing(folder);
      small = await startBridge(["--data", folder, "--max-connections", String(most), "--request-timeout", "30"]);
      standard = await startBridge(["--data", folder, "--request-timeout", "30"]);
    });
    after(async () => {
      await small?.stop();
      await standard?.stop();
      removeFolder(folder);
    });

    test(`${most} idle connections fill --max-connections ${most}: the next request is served and the longest-idle connection is closed for it`, { timeout: 30_000 }, async () => {
      const idle = [];
      try {
        for (let i = 0; i < most; ++i) {
          const connection = await idleConnection(small.port);
          connection.closed = new Promise((done) => connection.socket.on("close", () => done(true)));
          idle.push(connection);
          await sleep(20);  // a distinct wait for each
        }
        await sleep(200);  // the bridge accepts them
        const reply = await rawExchange(small.port, "GET /odata/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assert.equal(reply.status, 200, `status ${reply.status} (${reply.how})`);
        const closed = await Promise.race([idle[0].closed, sleep(5000).then(() => false)]);
        assert.ok(closed, "the connection idle longest was closed to make room");
        for (const connection of idle.slice(1)) assert.equal(connection.socket.destroyed, false, "the others stay open");
      } finally {
        for (const connection of idle) connection.close();
      }
    });

    test("300 idle connections against the default limit of 256: normal requests are still served at once", { timeout: 60_000 }, async () => {
      const idle = [];
      try {
        for (let i = 0; i < 300; ++i) {
          const connection = await idleConnection(standard.port);
          connection.socket.on("error", () => {});
          idle.push(connection);
        }
        await sleep(300);
        for (let i = 0; i < 5; ++i) {
          const reply = await rawExchange(standard.port, "GET /odata/Marketing_Values?$top=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", { timeoutMs: 5000 });
          assert.equal(reply.status, 200, `request ${i}: status ${reply.status} (${reply.how})`);
          assert.ok(reply.elapsedMs < 2000, `request ${i} took ${reply.elapsedMs} ms`);
        }
        const open = idle.filter((connection) => !connection.socket.destroyed).length;
        assert.ok(open <= 256, `${open} idle connections still held`);
      } finally {
        for (const connection of idle) connection.close();
      }
    });

    test("up to the limit, concurrent clients are all served", async () => {
      const replies = await Promise.all(
        Array.from({ length: most }, () => rawExchange(small.port, "GET /odata/Marketing_Values?$top=5 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")),
      );
      for (const reply of replies) assert.equal(reply.status, 200);
    });

    stopsCleanly(() => [small, standard]);
  });

  // Issue 11 (ASan, stack-use-after-scope): a session closed at shutdown used a counter its server had destroyed.
  describe("SIGTERM while a keep-alive connection is idle", () => {
    let folder;
    before(() => {
      folder = temporaryFolder("bridge-shutdown");
      copyOfMarketing(folder);
    });
    after(() => removeFolder(folder));

    test("ends with exit code 0 and no sanitizer report, the connection still open", { timeout: 60_000 }, async () => {
      const bridge = await startBridge(["--data", folder]);
      const connection = await idleConnection(bridge.port);
      connection.socket.on("error", () => {});
      connection.socket.write("GET /odata/Marketing_Values?$top=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      await new Promise((done) => connection.socket.once("data", done));  // answered; now idle, kept alive
      await sleep(100);
      const code = await bridge.stop();
      connection.close();
      assert.equal(code, 0, `exit code; stderr:\n${bridge.stderr()}`);
      assert.doesNotMatch(bridge.stderr(), /Sanitizer|runtime error|terminate/, bridge.stderr());
      assert.match(bridge.stderr(), /kpilot-bridge: stopped/);
    });
  });
}
