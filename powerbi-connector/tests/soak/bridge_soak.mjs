// kpilot-bridge under hostile clients and changing files (issue 11, part 5):
// about 60 seconds on loopback, then it stops by itself. Over a hundred
// connections at once mix valid requests (keep-alive, pipelined, HTTP/1.0,
// HEAD, byte-at-a-time), malformed and oversized ones, headers that never
// end and connections that send nothing, while the served CSV and the model
// are each rewritten several times.
//
// Every version is visible in the data: the CSV's channels are named
// "Search_d3" for data version 3 and its clicks scale with the version; the
// model's KPIs are "ctr_m2" and "clicks_m2" (clicks times 2) for model version
// 2. So a page can be checked to belong to one version of each input.
//
// Passes when: every valid request got a complete 2xx response; every page
// holds one data version and one model version, with the values those
// versions give; no request at all got a 5xx; the bridge never exited; after
// the last rewrite the last versions are served; its resident memory after
// the soak is within slack of what it was after a warm-up round of the same
// mix; and SIGTERM ends it with exit code 0.
//
//   KPILOT_BRIDGE=build/powerbi-connector/kpilot-bridge node bridge_soak.mjs
//   KPILOT_SOAK_SECONDS=300 ...   (a longer soak; the warm-up stays 10 s)
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const bridgeProgram = process.env.KPILOT_BRIDGE ?? resolve(here, "../../../build/powerbi-connector/kpilot-bridge");
const soakSeconds = Number(process.env.KPILOT_SOAK_SECONDS ?? 50);
const warmupSeconds = 10;
const rewriteEveryMs = 4000;  // alternately the CSV and the model
const requestTimeout = 4;  // --request-timeout: how long a header may take
// Memory after the soak against after the warm-up: glibc keeps freed pages, so a little growth is not a leak.
const rssSlackBytes = 4 << 20;
const rssSlackRatio = 0.1;
// Under AddressSanitizer freed memory sits in quarantine, so RSS says nothing
// about leaks; LeakSanitizer's report at exit (a failure below) does instead.
const sanitized = /^(1|on|true|yes)$/i.test(process.env.KPILOT_SOAK_SANITIZED ?? "");

const counts = new Map();
const count = (kind, n = 1) => counts.set(kind, (counts.get(kind) ?? 0) + n);
const failures = [];
let failureCount = 0;
const fail = (message) => {
  ++failureCount;
  if (failures.length < 20) failures.push(message);
};
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// ---- the inputs, each version distinguishable -------------------------------------------------

const root = mkdtempSync(join(tmpdir(), "kpilot-soak-"));
const folder = join(root, "soak");
mkdirSync(folder);
const channels = ["Search", "Email", "Social", "Display", "Video", "Affiliate"];
const days = 365;
let dataVersion = 0;
let modelVersion = 0;

function clicksOn(day, channel, version) {
  return version * ((day * 7 + channel * 3) % 11 + 1);
}

function dateOf(day) {
  return new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10);
}

// By channel and month, what data version v gives: clicks and impressions.
function expectedTotals(version) {
  const totals = new Map();
  for (let day = 0; day < days; ++day)
    channels.forEach((name, c) => {
      const key = `${name}_d${version}|${dateOf(day).slice(0, 7)}`;
      const t = totals.get(key) ?? { clicks: 0, impressions: 0 };
      t.clicks += clicksOn(day, c, version);
      t.impressions += 1000;
      totals.set(key, t);
    });
  return totals;
}
const expected = new Map();  // data version -> totals

// As editors and export tools save: a whole new file renamed over the old one.
function replaceFile(path, text) {
  writeFileSync(`${path}.saving`, text);
  renameSync(`${path}.saving`, path);
}

function writeData() {
  ++dataVersion;
  const lines = ["date,channel,clicks,impressions"];
  for (let day = 0; day < days; ++day) channels.forEach((name, c) => lines.push(`${dateOf(day)},${name}_d${dataVersion},${clicksOn(day, c, dataVersion)},1000`));
  expected.set(dataVersion, expectedTotals(dataVersion));
  replaceFile(join(folder, "data.csv"), `${lines.join("\n")}\n`);
}

function writeModel() {
  ++modelVersion;
  const m = modelVersion;
  const model = {
    date_column: "date",
    measures: { clicks: { aggregate: "sum", column: "clicks" }, impressions: { aggregate: "sum", column: "impressions" } },
    kpis: { [`ctr_m${m}`]: "KPI.CTR(clicks, impressions)", [`clicks_m${m}`]: { formula: `clicks * ${m}`, unit: "count" } },
    groupings: { by_channel_month: { by: ["channel"], grain: "month" } },
  };
  replaceFile(join(folder, "model.json"), JSON.stringify(model, null, 2));
}

// ---- the bridge ---------------------------------------------------------------------------------

writeData();
writeModel();
const bridge = spawn(bridgeProgram, ["--data", root, "--port", "0", "--request-timeout", String(requestTimeout)], { stdio: ["ignore", "pipe", "pipe"] });
let bridgeStderr = "";
let exited = null;
bridge.stderr.on("data", (chunk) => (bridgeStderr += chunk));
const exit = new Promise((done) => bridge.on("close", (code, signal) => done({ code, signal })));
exit.then((outcome) => (exited = outcome));
const port = await new Promise((ready, failed) => {
  let stdout = "";
  const timer = setTimeout(() => failed(new Error(`no URL in 30 s:\n${bridgeStderr}`)), 30_000);
  bridge.stdout.on("data", (chunk) => {
    stdout += chunk;
    const match = /serving http:\/\/127\.0\.0\.1:(\d+)\/odata\//.exec(stdout);
    if (match) clearTimeout(timer), ready(Number(match[1]));
  });
  exit.then(() => failed(new Error(`kpilot-bridge exited before listening:\n${bridgeStderr}`)));
});

function residentBytes() {
  const status = readFileSync(`/proc/${bridge.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024;
}

// ---- HTTP on raw sockets ------------------------------------------------------------------------

// One connection; requests may be written ahead of their responses (pipelining).
class Connection {
  constructor() {
    this.socket = connect({ host: "127.0.0.1", port });
    this.socket.setNoDelay(true);
    this.buffer = Buffer.alloc(0);
    this.waiting = [];  // { head, resolve }
    this.closed = false;
    this.ready = new Promise((done) => this.socket.once("connect", done));
    this.socket.on("data", (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.parse();
    });
    const end = () => {
      this.closed = true;
      for (const w of this.waiting.splice(0)) w.resolve({ status: null, incomplete: true, received: this.buffer.length });
    };
    this.socket.on("error", end);
    this.socket.on("close", end);
  }
  parse() {
    while (this.waiting.length) {
      const end = this.buffer.indexOf("\r\n\r\n");
      if (end < 0) return;
      const [statusLine, ...lines] = this.buffer.subarray(0, end).toString("latin1").split("\r\n");
      const headers = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const length = Number(headers["content-length"] ?? 0);
      const head = this.waiting[0].head;
      const total = end + 4 + (head ? 0 : length);
      if (this.buffer.length < total) return;
      const body = this.buffer.subarray(end + 4, total);
      this.buffer = this.buffer.subarray(total);
      this.waiting.shift().resolve({ status: Number(statusLine.split(" ")[1]), headers, body, length });
    }
  }
  // Resolves with the response, or { incomplete } if the connection ends first.
  send(bytes, { head = false } = {}) {
    const response = new Promise((resolve) => this.waiting.push({ head, resolve }));
    if (this.closed) this.waiting.pop().resolve({ status: null, incomplete: true });
    else this.socket.write(bytes);
    return response;
  }
  close() {
    this.socket.destroy();
  }
}

const get = (target, { method = "GET", version = "1.1", extra = "" } = {}) =>
  `${method} ${target} HTTP/${version}\r\nHost: 127.0.0.1:${port}\r\n${extra}\r\n`;

// ---- checking what a valid request got ---------------------------------------------------------

function checkPage(what, json) {
  const versions = new Set();
  for (const row of json.value) {
    const data = /_d(\d+)$/.exec(row.channel ?? "");
    const model = /_m(\d+)$/.exec(row.kpi ?? "");
    if (!model) return fail(`${what}: a row without a model version: ${JSON.stringify(row)}`);
    if (data) versions.add(`d${data[1]}`);
    versions.add(`m${model[1]}`);
    if (row.level === "detail" && data) {
      const totals = expected.get(Number(data[1]))?.get(`${row.channel}|${row.period}`);
      if (!totals) return fail(`${what}: no such channel and month in data version ${data[1]}: ${row.channel} ${row.period}`);
      const m = Number(model[1]);
      const want = row.kpi.startsWith("ctr_") ? totals.clicks / totals.impressions : totals.clicks * m;
      if (Math.abs(row.value - want) > 1e-9 * Math.abs(want)) return fail(`${what}: ${row.kpi} for ${row.channel} ${row.period} is ${row.value}, version d${data[1]} m${m} gives ${want}`);
    }
  }
  const data = [...versions].filter((v) => v.startsWith("d"));
  const model = [...versions].filter((v) => v.startsWith("m"));
  if (data.length > 1 || model.length > 1) return fail(`${what}: one page mixes versions ${[...versions].join(", ")}`);
  if (model.length) count(`pages of one version`);
}

// The valid requests, and what each must give.
const valid = [
  { target: "/odata/Soak_Values?$top=40", page: true },
  { target: "/odata/Soak_Values?$filter=level%20eq%20'detail'&$orderby=value%20desc&$top=30&$skip=5", page: true },
  { target: "/odata/Soak_Values?$filter=grain%20eq%20'month'&$skip=60", page: true, prefer: "odata.maxpagesize=25" },
  { target: "/odata/Soak_Values?$select=row_id,kpi,channel,period,level,value&$skiptoken=20", page: true },
  { target: "/odata/Soak_Values/$count" },
  { target: "/odata/" },
  { target: "/odata/$metadata" },
  { target: "/odata/Soak_Kpis" },
  { target: "/odata/KpiCatalog?$top=3" },
  { target: "/odata/Soak_Values?$top=10", head: true },
];

function checkValid(request, response, kind) {
  if (response.incomplete) return fail(`${kind} ${request.target}: the connection ended before a complete response (${response.received ?? 0} bytes)`);
  if (response.status >= 500) return fail(`${kind} ${request.target}: ${response.status} ${response.body}`);
  if (response.status !== 200) return fail(`${kind} ${request.target}: status ${response.status} ${response.body}`);
  if (response.headers["odata-version"] !== "4.0") return fail(`${kind} ${request.target}: no OData-Version`);
  count(`valid ${kind}`);
  if (request.head) return;
  if (response.body.length !== response.length) return fail(`${kind} ${request.target}: ${response.body.length} of ${response.length} bytes`);
  if (/application\/json/.test(response.headers["content-type"])) {
    let json;
    try {
      json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(response.body));
    } catch (error) {
      return fail(`${kind} ${request.target}: not valid JSON in UTF-8 (${error.message})`);
    }
    if (request.page) checkPage(`${kind} ${request.target}`, json);
  }
}

const requestBytes = (request) => get(request.target, { method: request.head ? "HEAD" : "GET", extra: request.prefer ? `Prefer: ${request.prefer}\r\n` : "" });

// ---- the clients --------------------------------------------------------------------------------

let running = true;
let turn = 0;
const nextValid = () => valid[turn++ % valid.length];

// Keep-alive clients: one request at a time, or three pipelined.
async function keepAliveClient(id) {
  while (running) {
    const connection = new Connection();
    await connection.ready.catch(() => {});
    while (running && !connection.closed) {
      const batch = id % 4 === 0 ? [nextValid(), nextValid(), nextValid()] : [nextValid()];
      const responses = await Promise.all(batch.map((r) => connection.send(requestBytes(r), { head: r.head })));
      batch.forEach((r, i) => checkValid(r, responses[i], batch.length > 1 ? "pipelined" : "keep-alive"));
      await sleep(50);  // about 1,000 requests a second in all: load, not a benchmark, on CI's 2 cores
    }
    connection.close();
  }
}

// HTTP/1.0: a connection per request, closed by the server after it.
async function http10Client() {
  while (running) {
    const request = nextValid();
    const connection = new Connection();
    await connection.ready.catch(() => {});
    checkValid(request, await connection.send(get(request.target, { method: request.head ? "HEAD" : "GET", version: "1.0" }), { head: request.head }), "HTTP/1.0");
    connection.close();
    await sleep(50);
  }
}

// A valid request a byte at a time, finished well inside --request-timeout.
async function slowClient() {
  while (running) {
    const request = nextValid();
    const connection = new Connection();
    await connection.ready.catch(() => {});
    const bytes = Buffer.from(requestBytes(request), "latin1");
    const response = connection.send(Buffer.alloc(0), { head: request.head });
    for (let i = 0; i < bytes.length && !connection.closed; ++i) {
      connection.socket.write(bytes.subarray(i, i + 1));
      await sleep(10);
    }
    checkValid(request, await response, "byte-at-a-time");
    connection.close();
  }
}

// Malformed and oversized requests: each must get its 4xx (never a 5xx), on a fresh connection.
const malformed = [
  { kind: "garbage", bytes: Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 131 + 7) % 256)), status: 400 },
  { kind: "bad $filter", bytes: get("/odata/Soak_Values?$filter=kpi%20eq"), status: 400 },
  { kind: "bad $top", bytes: get("/odata/Soak_Values?$top=-1"), status: 400 },
  { kind: "unknown set", bytes: get("/odata/No_Such_Set"), status: 404 },
  { kind: "URL over 8 KB", bytes: get(`/odata/Soak_Values?$filter=${"x".repeat(9000)}`), status: 414 },
  { kind: "headers over 16 KB", bytes: get("/odata/", { extra: `X-Filler: ${"y".repeat(17000)}\r\n` }), status: 431 },
  { kind: "GET with a body", bytes: `${get("/odata/", { extra: "Content-Length: 5\r\n" })}hello`, status: 413 },
  { kind: "POST", bytes: `${get("/odata/", { method: "POST", extra: "Content-Length: 5\r\n" })}hello`, status: 405 },
  { kind: "request bytes not UTF-8", bytes: Buffer.from("GET /odata/%FF\xfe HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "latin1"), status: 404 },
];
async function malformedClient(id) {
  let n = id;
  while (running) {
    const request = malformed[n++ % malformed.length];
    const connection = new Connection();
    await connection.ready.catch(() => {});
    const response = await connection.send(request.bytes);
    connection.close();
    if (response.status >= 500) fail(`${request.kind}: ${response.status}`);
    else if (response.status === request.status) count(`malformed: ${request.kind} -> ${request.status}`);
    else if (response.incomplete) count(`malformed: ${request.kind} -> closed`);  // the server may close on an oversized request
    else fail(`${request.kind}: status ${response.status}, expected ${request.status}`);
    await sleep(30);
  }
}

// Headers that never end: cut off after --request-timeout with 408 or a close.
async function neverEndingClient() {
  while (running) {
    const connection = new Connection();
    await connection.ready.catch(() => {});
    const response = connection.send("GET /odata/ HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    const started = Date.now();
    while (running && !connection.closed) {
      connection.socket.write("X-Slow: s\r\n");
      await Promise.race([sleep(500), response]);
    }
    const outcome = await response;
    connection.close();
    if (!running && Date.now() - started < requestTimeout * 1000) break;
    if (outcome.status >= 500) fail(`a header that never ends: ${outcome.status}`);
    else count(`cut off: a header that never ends -> ${outcome.status ?? "closed"}`);
  }
}

// Connections that send nothing.
async function idleClient() {
  while (running) {
    const connection = new Connection();
    await connection.ready.catch(() => {});
    const started = Date.now();
    while (running && !connection.closed) await sleep(200);
    connection.close();
    if (running) count(`cut off: idle for ${Math.round((Date.now() - started) / 1000)} s`);
  }
}

const mix = { keepAlive: 48, http10: 6, slow: 16, malformed: 10, neverEnding: 16, idle: 32 };
const connections = Object.values(mix).reduce((a, b) => a + b, 0);

async function round(seconds) {
  running = true;
  const clients = [
    ...Array.from({ length: mix.keepAlive }, (_, i) => keepAliveClient(i)),
    ...Array.from({ length: mix.http10 }, () => http10Client()),
    ...Array.from({ length: mix.slow }, () => slowClient()),
    ...Array.from({ length: mix.malformed }, (_, i) => malformedClient(i)),
    ...Array.from({ length: mix.neverEnding }, () => neverEndingClient()),
    ...Array.from({ length: mix.idle }, () => idleClient()),
  ];
  const deadline = Date.now() + seconds * 1000;
  let rewrites = 0;
  while (Date.now() < deadline && !exited) {
    await sleep(Math.min(rewriteEveryMs, deadline - Date.now()));
    if (Date.now() >= deadline) break;
    if (rewrites++ % 2 === 0) writeData();
    else writeModel();
  }
  running = false;
  await Promise.all(clients);
  return rewrites;
}

// After a round: once the last versions are served, memory is read.
async function settle() {
  const probe = new Connection();
  await probe.ready;
  const deadline = Date.now() + 10_000;
  let served = "";
  while (Date.now() < deadline) {
    const response = await probe.send(get("/odata/Soak_Values?$top=1"));
    const row = response.status === 200 ? JSON.parse(response.body).value[0] : undefined;
    served = `${row?.kpi} ${row?.channel}`;
    if (row && row.kpi.endsWith(`_m${modelVersion}`) && row.channel?.endsWith(`_d${dataVersion}`)) break;
    await sleep(100);
  }
  probe.close();
  if (!served.includes(`_m${modelVersion}`) || !served.includes(`_d${dataVersion}`)) fail(`after the rewrites, ${served} is served, not model ${modelVersion} and data ${dataVersion}`);
  await sleep(1000);
  return residentBytes();
}

const started = Date.now();
await round(warmupSeconds);
const warmRss = await settle();
counts.clear();
const soakStarted = Date.now();
const rewrites = await round(soakSeconds);
const soakMs = Date.now() - soakStarted;
const afterRss = exited ? NaN : await settle();
const stopped = Date.now();

if (exited) fail(`kpilot-bridge exited during the soak (${exited.code ?? exited.signal}):\n${bridgeStderr.slice(-2000)}`);
else {
  bridge.kill("SIGTERM");
  const outcome = await Promise.race([exit, sleep(15_000).then(() => ({ code: "timeout" }))]);
  if (outcome.code !== 0) fail(`SIGTERM: exit ${outcome.code ?? outcome.signal}:\n${bridgeStderr.slice(-2000)}`);
}
if (/Sanitizer|runtime error|terminate called|internal error/.test(bridgeStderr)) fail(`the bridge's stderr holds a report:\n${bridgeStderr.slice(-3000)}`);
const allowed = warmRss * (1 + rssSlackRatio) + rssSlackBytes;
if (!sanitized && !(afterRss <= allowed)) fail(`resident memory grew from ${(warmRss / 2 ** 20).toFixed(1)} MB after the warm-up to ${(afterRss / 2 ** 20).toFixed(1)} MB after the soak (allowed ${(allowed / 2 ** 20).toFixed(1)} MB)`);
rmSync(root, { recursive: true, force: true });

const validServed = [...counts].filter(([k]) => k.startsWith("valid ")).reduce((a, [, n]) => a + n, 0);
const total = [...counts].filter(([k]) => k.startsWith("valid ") || k.startsWith("malformed") || k.startsWith("cut off")).reduce((a, [, n]) => a + n, 0);
console.log(`bridge_soak: ${connections} concurrent connections, ${(soakMs / 1000).toFixed(1)} s soak after a ${warmupSeconds} s warm-up (${((stopped - started) / 1000).toFixed(1)} s in all)`);
console.log(`bridge_soak: inputs rewritten ${rewrites} times in the soak (last: data version ${dataVersion}, model version ${modelVersion})`);
console.log(`bridge_soak: ${total} requests and connections answered, ${validServed} of them valid requests served`);
for (const [kind, n] of [...counts].sort()) console.log(`  ${String(n).padStart(7)}  ${kind}`);
console.log(`bridge_soak: RSS ${(warmRss / 2 ** 20).toFixed(1)} MB after the warm-up, ${(afterRss / 2 ** 20).toFixed(1)} MB after the soak (${sanitized ? "not judged: a sanitizer build, leaks are LeakSanitizer's to report" : `allowed ${(allowed / 2 ** 20).toFixed(1)} MB`})`);
if (failures.length) {
  console.log(`bridge_soak: FAILED (${failureCount} failures), first ones:`);
  for (const f of failures) console.log(`  - ${f}`);
  process.exit(1);
}
console.log("bridge_soak: passed");
process.exit(0);
