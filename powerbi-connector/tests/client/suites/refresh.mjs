// Scheduled refresh: the next request after a data, targets or model file
// changes serves the new results, and nothing changed means the same bytes.
import assert from "node:assert/strict";
import { appendFileSync, readFileSync, renameSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import {
  copyOfAttributionSamples,
  copyOfMarketing,
  kpilotCompute,
  removeFolder,
  runBridge,
  startBridge,
  stopsCleanly,
  temporaryFolder,
} from "../harness.mjs";
import { request } from "../odata.mjs";

// Display's ROAS in April 2026 by channel and month: one row of the long form.
const row = "grouping eq 'by_channel_month' and kpi eq 'roas' and channel eq 'Display' and period eq '2026-04' and level eq 'detail'";

export function refresh() {
  describe("refresh", () => {
    let root, folder, journeys, bridge;
    const files = () => ({ model: join(folder, "model.json"), data: join(folder, "data.csv"), targets: join(folder, "targets.csv") });
    const displayApril = async () => {
      const reply = await request(`${bridge.url}Marketing_Values?$filter=${encodeURIComponent(row)}`);
      assert.equal(reply.status, 200);
      assert.equal(reply.json.value.length, 1);
      return reply.json.value[0];
    };
    // What kpilot compute says for the same row from the files as they are now.
    const computed = () => {
      const { model, data, targets } = files();
      const rows = kpilotCompute(["--model", model, "--data", data, "--targets", targets, "--by", "channel", "--grain", "month"]);
      return rows.find((r) => r.kpi === "roas" && r.channel === "Display" && r.period === "2026-04" && r.level === "detail");
    };

    before(async () => {
      root = temporaryFolder("bridge-refresh");
      folder = copyOfMarketing(root);
      journeys = join(copyOfAttributionSamples(root), "paths.csv");
      bridge = await startBridge(["--data", root]);
    });
    after(async () => {
      await bridge?.stop();
      removeFolder(root);
    });

    test("touching nothing serves the same bytes", async () => {
      for (const path of ["", "$metadata", "Marketing_Values", "Marketing_by_channel_month?$orderby=romi%20desc", "Marketing_Values/$count"]) {
        const first = await request(`${bridge.url}${path}`);
        const second = await request(`${bridge.url}${path}`);
        assert.equal(first.status, 200, path);
        assert.equal(second.text, first.text, path);
      }
    });

    test("a file touched but not changed serves the same bytes", async () => {
      const before = await request(`${bridge.url}Marketing_Values`);
      const now = new Date();
      for (const file of Object.values(files())) utimesSync(file, now, now);
      const after = await request(`${bridge.url}Marketing_Values`);
      assert.equal(after.text, before.text);
    });

    test("rows appended to data.csv change the value served by the next request", async () => {
      const before = await displayApril();
      assert.ok(Math.abs(before.value - Number(computed().value)) <= 1e-12 * Math.abs(before.value));
      // A big Display day in April: ROAS goes up.
      const data = readFileSync(files().data, "utf8");
      appendFileSync(files().data, `${data.endsWith("\n") ? "" : "\n"}2026-04-15,Display,Refresh test,100,1000,10,1,1,1,1,1,50000\n`);
      const after = await displayApril();
      const expected = Number(computed().value);
      assert.ok(after.value > before.value, `ROAS ${before.value} -> ${after.value}`);
      assert.ok(Math.abs(after.value - expected) <= 1e-12 * Math.abs(expected), `${after.value} vs kpilot compute's ${expected}`);
      assert.equal(after.row_id, before.row_id);
    });

    test("a changed targets.csv changes target, attainment and status", async () => {
      const before = await displayApril();
      assert.equal(before.target, 4);
      const targets = readFileSync(files().targets, "utf8");
      assert.match(targets, /^roas,,,4,,$/m);
      writeFileSync(files().targets, targets.replace(/^roas,,,4,,$/m, "roas,,,400,,"));
      const after = await displayApril();
      const expected = computed();
      assert.equal(after.target, 400);
      assert.equal(after.value, before.value, "the value itself is unchanged");
      assert.notEqual(after.attainment, before.attainment);
      assert.ok(Math.abs(after.attainment - Number(expected.attainment)) <= 1e-12 * Math.abs(Number(expected.attainment)));
      assert.equal(after.status, expected.status);
    });

    test("data.csv replaced by rename, as editors and export tools save, is picked up too", async () => {
      const before = await displayApril();
      const data = readFileSync(files().data, "utf8");
      writeFileSync(`${files().data}.saving`, `${data}2026-04-16,Display,Refresh test,100,1000,10,1,1,1,1,1,90000\n`);
      renameSync(`${files().data}.saving`, files().data);
      const after = await displayApril();
      assert.ok(after.value > before.value, `ROAS ${before.value} -> ${after.value}`);
      const expected = Number(computed().value);
      assert.ok(Math.abs(after.value - expected) <= 1e-12 * Math.abs(expected), `${after.value} vs kpilot compute's ${expected}`);
    });

    test("an edited journeys file (the model's ../attribution/paths.csv) changes the attribution sets on the next request", async () => {
      const linear = async () => {
        const reply = await request(`${bridge.url}Marketing_channel_attribution_linear`);
        assert.equal(reply.status, 200);
        return Object.fromEntries(reply.json.value.map((r) => [r.Channel, r.AttributedConversions]));
      };
      const before = await linear();
      assert.ok(before.Email > 0, JSON.stringify(before));
      // Five conversions on a path of Email alone: linear gives all five to Email.
      const text = readFileSync(journeys, "utf8");
      appendFileSync(journeys, `${text.endsWith("\n") ? "" : "\n"}Email,5,1000,0\n`);
      const after = await linear();
      assert.ok(Math.abs(after.Email - (before.Email + 5)) <= 1e-9, `Email ${before.Email} -> ${after.Email}`);
      for (const channel of Object.keys(before)) if (channel !== "Email") assert.equal(after[channel], before[channel], channel);
    });

    test("a changed model.json changes the KPIs served", async () => {
      const model = JSON.parse(readFileSync(files().model, "utf8"));
      model.kpis.revenue_per_click = { formula: "revenue / clicks", title: "Revenue per click", unit: "currency", direction: "higher" };
      writeFileSync(files().model, JSON.stringify(model, null, 2));
      const kpis = await request(`${bridge.url}Marketing_Kpis?$filter=${encodeURIComponent("name eq 'revenue_per_click'")}`);
      assert.equal(kpis.json.value.length, 1);
      const metadata = await request(`${bridge.url}$metadata`);
      assert.match(metadata.text, /<Property Name="revenue_per_click" Type="Edm.Double"\/>/);
    });

    // Issue 11 (fuzzing): a model with 1e999 saved while the bridge ran gave one 500 with the
    // library's exception text, then the old model's results as though they were current.
    test("a model saved with a number no double holds (1e999): 503 naming the file on every request, a log line, then served again once fixed", async () => {
      const good = readFileSync(files().model, "utf8");
      const target = `${bridge.url}Marketing_Values?$top=1`;
      assert.equal((await request(target)).status, 200);
      const model = JSON.parse(good);
      const broken = good.replace(/^\{/, '{\n  "overflow": 1e999,');
      assert.notEqual(broken, good);
      writeFileSync(files().model, broken);
      for (let attempt = 0; attempt < 3; ++attempt) {
        const reply = await request(target);
        assert.equal(reply.status, 503, `attempt ${attempt}: ${reply.text}`);
        assert.equal(reply.json.error.code, "DatasetUnavailable");
        assert.match(reply.json.error.message, /model\.json/);
        assert.doesNotMatch(reply.json.error.message, /json\.exception|out_of_range/);
      }
      const names = (await request(bridge.url)).json.value.map((set) => set.name);
      assert.ok(names.includes("Marketing_Values"), "still declared, so the navigator does not change");
      assert.equal((await request(`${bridge.url}KpiCatalog?$top=1`)).status, 200, "the rest of the feed is served");
      assert.match(bridge.stderr(), /kpilot-bridge: .*model\.json/);
      assert.match(bridge.stderr(), /answer 503 until their files are fixed/);
      assert.doesNotMatch(bridge.stderr(), /json\.exception/);
      writeFileSync(files().model, good);
      assert.equal((await request(target)).status, 200);
      assert.ok(model.kpis);
    });

    test("a bad model at start-up is a message naming the file and exit code 1", () => {
      const other = temporaryFolder("bridge-bad-model");
      try {
        const copy = copyOfMarketing(other);
        writeFileSync(join(copy, "model.json"), readFileSync(files().model, "utf8").replace(/^\{/, '{\n  "overflow": 1e999,'));
        const run = runBridge(["--data", other, "--port", "0"]);
        assert.equal(run.status, 1, run.stderr);
        assert.match(run.stderr, /model\.json/);
        assert.match(run.stderr, /not starting/);
        assert.doesNotMatch(run.stderr, /json\.exception|terminate/);
        assert.equal(run.stdout, "", "it never said it was serving");
      } finally {
        removeFolder(other);
      }
    });

    test("a new dataset folder appears in the service document", async () => {
      copyOfMarketing(root, "extra");
      const names = (await request(bridge.url)).json.value.map((set) => set.name);
      assert.ok(names.includes("Marketing_Values") && names.includes("Extra_Values"), names.join(", "));
      const rows = await request(`${bridge.url}Extra_Values/$count`);
      assert.ok(Number(rows.text) > 100, rows.text);
    });

    stopsCleanly(() => [bridge]);
  });
}
