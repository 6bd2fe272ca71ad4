// What every client test needs: a kpilot-bridge process on a free loopback
// port, the temporary data folders it serves, and raw HTTP for the requests a
// well-behaved client library would never send.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../..");

// CTest passes the built programs; by hand the default build folder is used.
export const bridgeProgram = process.env.KPILOT_BRIDGE ?? join(repo, "build/powerbi-connector/kpilot-bridge");
export const kpilotProgram = process.env.KPILOT_CLI ?? join(repo, "build/cli/kpilot");
export const samplesFolder = process.env.KPILOT_SAMPLES ?? join(repo, "samples");

const startTimeoutMs = 60_000;

export function temporaryFolder(prefix) {
  return mkdtempSync(join(tmpdir(), `kpilot-${prefix}-`));
}

export function removeFolder(folder) {
  rmSync(folder, { recursive: true, force: true });
}

// A copy of samples/marketing as a dataset of root, so tests may edit it.
export function copyOfMarketing(root, name = "marketing") {
  cpSync(join(samplesFolder, "marketing"), join(root, name), { recursive: true });
  return join(root, name);
}

// A copy of samples/attribution beside it, where samples/marketing's model
// finds its journeys files ("../attribution/paths.csv").
export function copyOfAttributionSamples(root) {
  cpSync(join(samplesFolder, "attribution"), join(root, "attribution"), { recursive: true });
  return join(root, "attribution");
}

// The test's environment without a key the developer may have exported.
function environment(extra) {
  const env = { ...process.env, ...extra };
  if (!("KPILOT_API_KEY" in extra)) delete env.KPILOT_API_KEY;
  return env;
}

// Starts kpilot-bridge and resolves once it prints the URL it serves.
export function startBridge(args, { env = {} } = {}) {
  const child = spawn(bridgeProgram, ["--port", "0", ...args], {
    env: environment(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  // "close", not "exit": it comes once stderr is drained too, so the last lines
  // the bridge wrote ("kpilot-bridge: stopped") are in `stderr` when it resolves.
  const exited = new Promise((done) => child.on("close", (code, signal) => done({ code, signal })));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const listening = new Promise((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`kpilot-bridge printed no URL in ${startTimeoutMs} ms:\n${stderr}`)), startTimeoutMs);
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const match = /serving (http:\/\/127\.0\.0\.1:(\d+)\/odata\/)\n/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        ready({ url: match[1], port: Number(match[2]) });
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      fail(new Error(`kpilot-bridge exited (${code ?? signal}) before listening:\n${stderr}`));
    });
  });
  return listening.then(({ url, port }) => ({
    url,
    port,
    process: child,
    stderr: () => stderr,
    // SIGTERM, then the exit code (null if it had to be killed).
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return (await exited).code;
      child.kill("SIGTERM");
      const timeout = new Promise((done) => setTimeout(() => done("timeout"), 10_000));
      const outcome = await Promise.race([exited, timeout]);
      if (outcome === "timeout") {
        child.kill("SIGKILL");
        await exited;
        return null;
      }
      return outcome.code;
    },
  }));
}

// Runs kpilot-bridge to completion (for invocations that must refuse to start).
export function runBridge(args, { env = {} } = {}) {
  return spawnSync(bridgeProgram, args, { env: environment(env), encoding: "utf8", timeout: 20_000 });
}

// `kpilot compute ... --format csv`, parsed into objects keyed by header.
// Exit code 3 says some input rows were rejected (samples/marketing has one
// on purpose); the results are still printed, as the bridge still serves them.
export function kpilotCompute(args) {
  const run = spawnSync(kpilotProgram, ["compute", ...args, "--format", "csv"], { encoding: "utf8", maxBuffer: 1 << 28, timeout: 120_000 });
  if (run.status !== 0 && !(run.status === 3 && run.stdout)) throw new Error(`kpilot compute ${args.join(" ")} failed (${run.status}):\n${run.stderr}`);
  return parseCsv(run.stdout);
}

// RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF.
export function parseCsv(text) {
  const records = [];
  let field = "";
  let record = [];
  let quoted = false;
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), ++i;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") record.push(field), (field = "");
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") ++i;
      record.push(field);
      records.push(record);
      (record = []), (field = "");
    } else field += c;
  }
  if (field !== "" || record.length) record.push(field), records.push(record);
  const [header, ...rows] = records;
  return rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ""])));
}

// Sends bytes on a fresh connection and reads one HTTP response, or whatever
// arrived before the server closed the connection. `pace` sends one byte per
// `pace` ms instead of all at once.
export function rawExchange(port, bytes, { timeoutMs = 10_000, pace = 0 } = {}) {
  const payload = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, "latin1");
  return new Promise((done) => {
    const started = Date.now();
    const socket = connect({ host: "127.0.0.1", port });
    let received = Buffer.alloc(0);
    let finished = false;
    let pacer = null;
    const finish = (how) => {
      if (finished) return;
      finished = true;
      clearInterval(pacer);
      clearTimeout(timer);
      socket.destroy();
      done({ ...parseResponse(received), how, elapsedMs: Date.now() - started });
    };
    const timer = setTimeout(() => finish("timeout"), timeoutMs);
    socket.on("connect", () => {
      if (!pace) return socket.write(payload);
      let at = 0;
      pacer = setInterval(() => {
        if (at >= payload.length || socket.destroyed) return clearInterval(pacer);
        socket.write(payload.subarray(at, at + 1));
        ++at;
      }, pace);
    });
    socket.on("data", (chunk) => {
      received = Buffer.concat([received, chunk]);
      const parsed = parseResponse(received);
      if (parsed.complete) finish("response");
    });
    socket.on("error", () => finish("error"));
    socket.on("close", () => finish("closed"));
  });
}

function parseResponse(buffer) {
  const end = buffer.indexOf("\r\n\r\n");
  if (end < 0) return { complete: false, status: null, headers: {}, body: "", bytes: buffer.length };
  const [statusLine, ...lines] = buffer.subarray(0, end).toString("latin1").split("\r\n");
  const headers = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = buffer.subarray(end + 4);
  const length = Number(headers["content-length"] ?? NaN);
  return {
    complete: Number.isFinite(length) && body.length >= length,
    status: Number(statusLine.split(" ")[1]),
    headers,
    body: body.toString("utf8"),
    raw: body,
    bytes: buffer.length,
  };
}

// Opens a connection and keeps it open, idle, until close() is called.
export function idleConnection(port) {
  return new Promise((ready, fail) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.on("connect", () => ready({ close: () => socket.destroy(), socket }));
    socket.on("error", fail);
  });
}

// The last test of a describe block: SIGTERM ends the bridge with exit code 0.
// (A test rather than an after() hook, whose failures node:test 20 leaves
// out of its pass/fail counts.)
export function stopsCleanly(bridges) {
  test("stops cleanly on SIGTERM (exit code 0)", async () => {
    for (const bridge of bridges()) {
      const code = await bridge.stop();
      assert.equal(code, 0, `exit code; stderr:\n${bridge.stderr()}`);
      assert.match(bridge.stderr(), /kpilot-bridge: stopped/);
    }
  });
}

export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
