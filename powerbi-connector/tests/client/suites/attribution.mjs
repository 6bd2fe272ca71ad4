// The attribution sets samples/marketing's model declares (over
// samples/attribution/paths.csv and touchpoints.csv), read as Power BI reads
// them: typed as $metadata says, through paging, and adding up to the totals
// of the journeys files themselves, computed here from the CSV.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";

import { parseCsv } from "../harness.mjs";
import { matchesEdmType, readCsdl } from "../csdl.mjs";
import { odataClient } from "../odata.mjs";

// The ids of "all" as the model file names them.
const everyModel = ["first_touch", "last_touch", "last_non_direct_touch", "linear", "position_based", "time_decay", "w_shaped", "markov", "shapley"];

const attributions = {
  channel_attribution: {
    file: "paths.csv",
    // A paths export: one row per path with its conversions and value.
    totals: (rows) => ({
      conversions: rows.reduce((sum, r) => sum + Number(r.conversions), 0),
      value: rows.reduce((sum, r) => sum + Number(r.value || 0), 0),
    }),
  },
  journey_attribution: {
    file: "touchpoints.csv",
    // Raw touches: a conversion is a touch marked converted, its value on that touch.
    totals: (rows) => {
      const converting = rows.filter((r) => ["1", "true", "yes"].includes(r.converted.trim().toLowerCase()));
      return { conversions: converting.length, value: converting.reduce((sum, r) => sum + Number(r.value || 0), 0) };
    },
  },
};

const valueColumns = { AttributedConversions: "Edm.Double", AttributedValue: "Edm.Double", Share: "Edm.Double", Error: "Edm.String", ErrorMessage: "Edm.String" };

// OData orders text by code point, as < does on these (ASCII) names.
const byCodePoint = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

export function attributionSets(service) {
  // Two rows a page: six channels take three pages, so every set is read through nextLink.
  let small;
  const pageSize = 2;
  const readAll = async (set, options) => {
    small ??= odataClient(service.url, { headers: { Prefer: `odata.maxpagesize=${pageSize}` } });
    return small.readAll(set, options);
  };
  const fileTotals = (name) => {
    const { file, totals } = attributions[name];
    return totals(parseCsv(readFileSync(join(service.attributionFolder, file), "utf8")));
  };
  let metadata;
  const csdl = async () => (metadata ??= readCsdl(await service.odata.client.newRequest({ collection: "$metadata" })));

  describe("attribution sets declared in the model", () => {
    test("the service document and $metadata list a set per attribution and model, and one long set per attribution", async () => {
      const names = (await service.odata.client.newRequest({ collection: "" })).value.map((s) => s.name);
      const { sets } = await csdl();
      for (const name of Object.keys(attributions)) {
        for (const set of [`Marketing_${name}`, ...everyModel.map((m) => `Marketing_${name}_${m}`)]) {
          assert.ok(names.includes(set), `${set} in the service document`);
          assert.ok(sets.has(set), `${set} in $metadata`);
        }
      }
    });

    test("$metadata types each attribution set as its payload is: Channel the key, Model too on the long set, RemovalEffect for Markov", async () => {
      const { sets } = await csdl();
      for (const name of Object.keys(attributions)) {
        for (const model of [null, ...everyModel]) {
          const setName = model ? `Marketing_${name}_${model}` : `Marketing_${name}`;
          const set = sets.get(setName);
          const expected = {
            ...(model ? {} : { Model: "Edm.String" }),
            Channel: "Edm.String",
            ...valueColumns,
            ...(model === null || model === "markov" ? { RemovalEffect: "Edm.Double" } : {}),
          };
          assert.deepEqual(Object.fromEntries(set.properties.map((p) => [p.name, p.type])), expected, setName);
          assert.deepEqual(set.key, model ? ["Channel"] : ["Model", "Channel"], `${setName} key`);
          const { rows, pages } = await readAll(setName);
          assert.ok(rows.length > 0, `${setName} has rows`);
          assert.equal(pages.length, Math.ceil(rows.length / pageSize), `${setName}: pages of ${pageSize}`);
          for (const row of rows) {
            assert.deepEqual(Object.keys(row).sort(), Object.keys(expected).sort(), `${setName}: properties of ${JSON.stringify(row)}`);
            for (const p of set.properties)
              assert.ok(matchesEdmType(row[p.name], p.type, p.nullable), `${setName}.${p.name} = ${JSON.stringify(row[p.name])} is not ${p.type}`);
          }
          const keys = rows.map((row) => JSON.stringify(set.key.map((k) => row[k])));
          assert.equal(new Set(keys).size, keys.length, `${setName}: keys unique`);
        }
      }
    });

    for (const name of Object.keys(attributions)) {
      test(`${name}: in every model that runs, AttributedConversions add up to the file's conversions, AttributedValue to its value, Share to 1`, async () => {
        const totals = fileTotals(name);
        assert.ok(totals.conversions > 0);
        let ran = 0;
        for (const model of everyModel) {
          const { rows } = await readAll(`Marketing_${name}_${model}`);
          if (rows[0].Error !== null) continue;
          ++ran;
          const sum = (column) => rows.reduce((s, r) => s + r[column], 0);
          close(sum("AttributedConversions"), totals.conversions, `${name} ${model} conversions`);
          close(sum("AttributedValue"), totals.value, `${name} ${model} value`);
          close(sum("Share"), 1, `${name} ${model} shares`);
          for (const row of rows) close(row.Share, row.AttributedConversions / totals.conversions, `${name} ${model} ${row.Channel} share`);
        }
        // Paths carry no touch times or stages: all but time decay and W-shaped run. Touchpoints feed every model.
        assert.equal(ran, name === "channel_attribution" ? everyModel.length - 2 : everyModel.length, `${name}: models that ran`);
      });
    }

    test("a model the journeys cannot feed is null in every row, with its error code and reason (time decay and W-shaped over a paths export)", async () => {
      for (const model of ["time_decay", "w_shaped"]) {
        const { rows } = await readAll(`Marketing_channel_attribution_${model}`);
        for (const row of rows) {
          assert.equal(row.AttributedConversions, null, `${model} ${row.Channel}: blank, never 0`);
          assert.equal(row.AttributedValue, null);
          assert.equal(row.Share, null);
          assert.equal(row.Error, "#N/A");
          assert.ok(row.ErrorMessage.length > 0);
        }
      }
      const { rows } = await readAll("Marketing_channel_attribution", service.odata.options().filter("Error ne null"));
      assert.deepEqual([...new Set(rows.map((r) => r.Model))].sort(), ["time_decay", "w_shaped"]);
    });

    test("the long set holds every model's set row for row, and a filter on Model is that model's set", async () => {
      for (const name of Object.keys(attributions)) {
        const { rows: all } = await readAll(`Marketing_${name}`);
        for (const model of everyModel) {
          const { rows: own } = await readAll(`Marketing_${name}_${model}`);
          const { rows: filtered } = await readAll(`Marketing_${name}`, service.odata.options().filter(`Model eq '${model}'`));
          const inLong = all.filter((r) => r.Model === model);
          assert.deepEqual(filtered, inLong, `${name}: $filter=Model eq '${model}'`);
          // A model's own set has no Model column, and no RemovalEffect unless it is Markov.
          const asOwn = inLong.map(({ Model, RemovalEffect, ...rest }) => (model === "markov" ? { ...rest, RemovalEffect } : rest));
          assert.deepEqual(asOwn, own, `${name}: ${model} in the long set and in its own`);
        }
        assert.equal(await service.odata.client.newRequest({ collection: `Marketing_${name}/$count` }), String(all.length));
      }
    });

    test("$filter, $orderby, $select, $top and $count fold on an attribution set as on the others", async () => {
      const { rows: all } = await readAll("Marketing_journey_attribution");
      const expected = all
        .filter((r) => r.Model === "markov" || (r.Model === "shapley" && r.Share > 0.1))
        .sort((a, b) => b.Share - a.Share || byCodePoint(a.Channel, b.Channel) || byCodePoint(a.Model, b.Model))
        .map(({ Model, Channel, Share }) => ({ Model, Channel, Share }));
      const options = service.odata
        .options()
        .filter("Model eq 'markov' or (Model eq 'shapley' and Share gt 0.1)")
        .orderbyMulti([
          { field: "Share", order: "desc" },
          { field: "Channel", order: "asc" },
          { field: "Model", order: "asc" },
        ])
        .select(["Model", "Channel", "Share"])
        .count(true);
      const { rows, pages } = await readAll("Marketing_journey_attribution", options);
      assert.deepEqual(rows, expected);
      for (const { content } of pages) assert.equal(content["@odata.count"], expected.length);
      const top = await service.odata.page("Marketing_journey_attribution_markov", service.odata.options().orderby("RemovalEffect", "desc").top(1));
      const strongest = all.filter((r) => r.Model === "markov").reduce((a, b) => (b.RemovalEffect > a.RemovalEffect ? b : a));
      assert.equal(top.value[0].Channel, strongest.Channel);
    });
  });
}
