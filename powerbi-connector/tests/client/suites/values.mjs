// The numbers Power BI receives are the numbers `kpilot compute` prints for
// the same inputs, and a KPI error arrives as a blank with its reason.
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";

import { kpilotCompute } from "../harness.mjs";

const numeric = ["value", "previous_value", "change", "relative_change", "running_value", "target", "attainment"];
const textual = ["unit", "status", "error", "error_message", "period_start"];

// The CLI prints an empty field where the feed sends null, and no target
// columns at all without targets.
const fromCsv = (text) => (text === "" || text === undefined ? null : text);

const close = (actual, expected) =>
  expected === null || actual === null ? actual === expected : Math.abs(actual - expected) <= 1e-12 * Math.abs(expected);

// Compares the feed's long-form rows of one grouping with the CLI's CSV rows.
export function assertSameAsCompute(feedRows, csvRows, dimensions) {
  const keyOf = (row, get) => JSON.stringify(["kpi", "period", ...dimensions, "level"].map((f) => get(row, f)));
  const expected = new Map(csvRows.map((r) => [keyOf(r, (row, f) => fromCsv(row[f])), r]));
  assert.equal(expected.size, csvRows.length, "the CLI's rows are unique by kpi, period, dimensions and level");
  assert.equal(feedRows.length, csvRows.length, "as many rows in the feed as from kpilot compute");
  const differences = [];
  for (const row of feedRows) {
    const key = keyOf(row, (r, f) => r[f]);
    const csv = expected.get(key);
    if (!csv) {
      differences.push(`feed row ${key} is not in kpilot compute's output`);
      continue;
    }
    // A dataset without targets has no target columns, in the feed or the CSV.
    const present = (f) => f in row || csv[f] !== undefined;
    for (const f of numeric.filter(present)) {
      const want = fromCsv(csv[f]) === null ? null : Number(csv[f]);
      if (!close(row[f], want)) differences.push(`${f} of ${key}: feed ${row[f]}, kpilot compute ${want}`);
    }
    for (const f of textual.filter(present))
      if (row[f] !== fromCsv(csv[f])) differences.push(`${f} of ${key}: feed ${row[f]}, kpilot compute ${csv[f]}`);
  }
  assert.deepEqual(differences.slice(0, 20), [], `${differences.length} differences`);
}

export function valuesAgreeWithCompute(service) {
  describe("values equal kpilot compute on the same inputs", () => {
    const marketing = () => {
      const folder = service.marketingFolder;
      return ["--model", join(folder, "model.json"), "--data", join(folder, "data.csv"), "--targets", join(folder, "targets.csv")];
    };

    test("Marketing by channel and month, with targets", async () => {
      const csv = kpilotCompute([...marketing(), "--by", "channel", "--grain", "month"]);
      const feed = (await service.fullSet("Marketing_Values")).filter((r) => r.grouping === "by_channel_month");
      assert.ok(feed.length > 100);
      assertSameAsCompute(feed, csv, ["channel"]);
      assert.ok(feed.some((r) => r.target !== null && r.attainment !== null && r.status !== null), "targets reached the feed");
    });

    test("Marketing by channel, campaign and quarter, with targets", async () => {
      const csv = kpilotCompute([...marketing(), "--by", "channel,campaign", "--grain", "quarter"]);
      const feed = (await service.fullSet("Marketing_Values")).filter((r) => r.grouping === "by_campaign_quarter");
      assertSameAsCompute(feed, csv, ["channel", "campaign"]);
    });

    test("the generated 50,000-row dataset by channel and day", async () => {
      const folder = service.generatedFolder;
      const csv = kpilotCompute(["--model", join(folder, "model.json"), "--data", join(folder, "data.csv"), "--by", "channel", "--grain", "day"]);
      assertSameAsCompute(await service.fullSet("Adplatforms_Values"), csv, ["channel"]);
    });

    test("the wide set holds the long form's values, one column per KPI", async () => {
      const long = (await service.fullSet("Marketing_Values")).filter((r) => r.grouping === "by_channel_month");
      const wide = await service.fullSet("Marketing_by_channel_month");
      const kpis = (await service.fullSet("Marketing_Kpis")).map((k) => k.name);
      assert.equal(wide.length * kpis.length, long.length);
      const byKey = new Map(long.map((r) => [JSON.stringify([r.kpi, r.period, r.channel, r.level]), r]));
      for (const row of wide)
        for (const kpi of kpis) {
          const match = byKey.get(JSON.stringify([kpi, row.period, row.channel, row.level]));
          assert.ok(match, `${kpi} ${row.period} ${row.channel} ${row.level}`);
          assert.equal(row[kpi], match.value);
          if (match.error !== null) assert.ok(row.errors?.includes(`${kpi}: ${match.error}`), `errors of ${row.period} ${row.channel}: ${row.errors}`);
        }
    });

    test("a KPI error is null in its value column with error and error_message set (Email click-through rate is #DIV/0!)", async () => {
      const email = (await service.fullSet("Marketing_Values")).filter(
        (r) => r.kpi === "click_through_rate" && r.channel === "Email" && r.level === "detail",
      );
      assert.ok(email.length > 0);
      for (const row of email) {
        assert.equal(row.value, null, "blank, never 0");
        assert.equal(row.error, "#DIV/0!");
        assert.equal(typeof row.error_message, "string");
        assert.ok(row.error_message.length > 0);
      }
      const wide = (await service.fullSet("Marketing_by_channel_month")).filter((r) => r.channel === "Email" && r.level === "detail");
      for (const row of wide) {
        assert.equal(row.click_through_rate, null);
        assert.match(row.errors, /click_through_rate: #DIV\/0!/);
      }
    });

    test("no error is ever turned into a number, in any long-form set", async () => {
      for (const set of ["Marketing_Values", "Adplatforms_Values"]) {
        const rows = await service.fullSet(set);
        const errors = rows.filter((r) => r.error !== null);
        assert.ok(errors.length > 0, `${set} has KPI errors`);
        for (const row of errors) {
          assert.equal(row.value, null, `${set} row ${row.row_id}`);
          assert.ok(row.error.startsWith("#"), `${set} row ${row.row_id}: error ${row.error}`);
        }
      }
    });
  });
}
