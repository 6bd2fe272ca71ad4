// The service document and $metadata, and every payload checked against the
// types $metadata declares: what Power BI's navigator and type mapping rely on.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { matchesEdmType, readCsdl } from "../csdl.mjs";
import { request } from "../odata.mjs";

const servedTypes = new Set(["Edm.String", "Edm.Date", "Edm.Double", "Edm.Int64", "Edm.Boolean"]);

// The long form as the issue describes it; dimensions are columns of their own.
const longForm = {
  row_id: "Edm.Int64",
  grouping: "Edm.String",
  kpi: "Edm.String",
  grain: "Edm.String",
  period: "Edm.String",
  period_start: "Edm.Date",
  level: "Edm.String",
  value: "Edm.Double",
  unit: "Edm.String",
  previous_value: "Edm.Double",
  change: "Edm.Double",
  relative_change: "Edm.Double",
  running_value: "Edm.Double",
  target: "Edm.Double",
  attainment: "Edm.Double",
  status: "Edm.String",
  error: "Edm.String",
  error_message: "Edm.String",
};

export function serviceDocumentAndMetadata(service) {
  let metadata;
  const csdl = async () => {
    if (!metadata) {
      const xml = await service.odata.client.newRequest({ collection: "$metadata" });
      assert.equal(typeof xml, "string");
      metadata = readCsdl(xml);
    }
    return metadata;
  };

  describe("service document and $metadata", () => {
    test("the service document lists every entity set by name and URL", async () => {
      const document = await service.odata.client.newRequest({ collection: "" });
      assert.equal(document["@odata.context"], `${service.url}$metadata`);
      const names = document.value.map((entry) => entry.name);
      for (const entry of document.value) {
        assert.equal(entry.kind, "EntitySet");
        assert.equal(entry.url, entry.name);
      }
      for (const expected of [
        "KpiCatalog",
        "Marketing_Kpis",
        "Marketing_Values",
        "Marketing_by_channel_month",
        "Marketing_by_campaign_quarter",
        "Adplatforms_Kpis",
        "Adplatforms_Values",
        "Adplatforms_by_channel_day",
      ])
        assert.ok(names.includes(expected), `${expected} in ${names}`);
      assert.deepEqual([...(await csdl()).sets.keys()].sort(), [...names].sort(), "the same sets as $metadata");
    });

    test("the root URL without a slash or query works as given (gateway connection test)", async () => {
      const reply = await request(service.url.replace(/\/$/, ""));
      assert.equal(reply.status, 200);
      assert.ok(Array.isArray(reply.json.value));
    });

    test("$metadata is CSDL XML with a key on every type and only flat, v4 types", async () => {
      const { sets, types } = await csdl();
      assert.ok(sets.size >= 8);
      for (const [name, type] of types) {
        assert.ok(type.key.length > 0, `${name} has a key`);
        for (const key of type.key) {
          const property = type.properties.find((p) => p.name === key);
          assert.ok(property, `key ${key} of ${name} is a property`);
          assert.equal(property.nullable, false, `key ${key} of ${name} is not nullable`);
        }
        assert.equal(type.navigation, 0, `${name}: no navigation properties`);
        const names = type.properties.map((p) => p.name);
        assert.equal(new Set(names).size, names.length, `${name}: property names are unique`);
        for (const p of type.properties) {
          assert.ok(servedTypes.has(p.type), `${name}.${p.name} has type ${p.type}`);
          assert.match(p.name, /^[A-Za-z_][A-Za-z0-9_]*$/, `${name}.${p.name} is an OData identifier`);
        }
      }
    });

    test("every <Dataset>_Values set declares the whole long form, targets or not, so its schema stays put when targets.csv comes or goes", async () => {
      const { sets } = await csdl();
      for (const [name, set] of sets) {
        if (!name.endsWith("_Values")) continue;
        const declared = Object.fromEntries(set.properties.map((p) => [p.name, p.type]));
        const missing = Object.keys(longForm).filter((p) => declared[p] !== longForm[p]);
        assert.deepEqual(missing, [], `${name} lacks or mistypes ${missing.join(", ")}`);
      }
    });

    test("Marketing_Values declares the long form with its dimensions", async () => {
      const { sets } = await csdl();
      const declared = Object.fromEntries(sets.get("Marketing_Values").properties.map((p) => [p.name, p.type]));
      for (const [name, type] of Object.entries(longForm)) assert.equal(declared[name], type, `Marketing_Values.${name}`);
      assert.equal(declared.channel, "Edm.String");
      assert.equal(declared.campaign, "Edm.String");
      assert.deepEqual(sets.get("Marketing_Values").key, ["row_id"]);
    });

    test("every entity set's rows carry exactly the declared properties, each of its declared JSON type", async () => {
      const { sets } = await csdl();
      for (const [name, set] of sets) {
        const rows = await service.fullSet(name);
        assert.ok(rows.length > 0, `${name} has rows`);
        const declared = set.properties.map((p) => p.name).sort().join();
        const keys = new Set();
        const problems = [];
        for (const row of rows) {
          if (Object.keys(row).sort().join() !== declared) problems.push(`properties ${Object.keys(row)} instead of ${declared}`);
          for (const p of set.properties)
            if (!matchesEdmType(row[p.name], p.type, p.nullable))
              problems.push(`${p.name} = ${JSON.stringify(row[p.name])} is not ${p.type}${p.nullable ? "" : " (not null)"}`);
          const key = JSON.stringify(set.key.map((k) => row[k]));
          if (keys.has(key)) problems.push(`key ${key} appears twice`);
          keys.add(key);
        }
        assert.deepEqual(problems.slice(0, 10), [], `${name}: ${problems.length} problems`);
      }
    });

    test("each page names its context as $metadata#Set, and $select narrows it", async () => {
      const page = await service.odata.page("Marketing_Values", service.odata.options().top(2));
      assert.equal(page["@odata.context"], `${service.url}$metadata#Marketing_Values`);
      const narrowed = await service.odata.page("Marketing_Values", service.odata.options().top(2).select(["row_id", "value"]));
      assert.equal(narrowed["@odata.context"], `${service.url}$metadata#Marketing_Values(row_id,value)`);
      for (const row of narrowed.value) assert.deepEqual(Object.keys(row).sort(), ["row_id", "value"]);
    });

    test("every reply so far carried OData-Version 4.0 and its content type", () => {
      // odataClient checks each reply as it arrives; here: that there were many.
      assert.ok(service.odata.replies.length >= 3);
      assert.ok(service.paged.replies.length >= 10);
      for (const reply of [...service.odata.replies, ...service.paged.replies]) assert.equal(reply.headers.get("odata-version"), "4.0");
    });

    test("HEAD answers with GET's headers and length but no body", async () => {
      const url = `${service.url}Marketing_Values?$top=3`;
      const get = await request(url);
      const head = await fetch(url, { method: "HEAD" });
      assert.equal(head.status, 200);
      assert.equal(head.headers.get("odata-version"), "4.0");
      assert.equal(head.headers.get("content-type"), get.headers.get("content-type"));
      assert.equal(Number(head.headers.get("content-length")), Buffer.byteLength(get.text));
      assert.equal(await head.text(), "");
    });

    test("many concurrent clients all get the same, whole answer", async () => {
      const url = `${service.url}Marketing_Values?$filter=kpi eq 'roas'&$orderby=value desc`;
      const first = await request(url);
      const replies = await Promise.all(Array.from({ length: 64 }, () => request(url)));
      for (const reply of replies) {
        assert.equal(reply.status, 200);
        assert.equal(reply.text, first.text);
      }
    });
  });
}
