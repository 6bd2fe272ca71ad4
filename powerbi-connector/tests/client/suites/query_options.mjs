// $filter, $orderby, $select, $top, $skip and /$count, each checked against
// the same query done in JavaScript over the whole set read without options.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { request } from "../odata.mjs";

// OData's comparison rules: null equals only null, and any ordering
// comparison with null is false.
const eq = (a, b) => a === b;
const ne = (a, b) => a !== b;
const gt = (a, b) => a !== null && b !== null && a > b;
const ge = (a, b) => a !== null && b !== null && a >= b;
const lt = (a, b) => a !== null && b !== null && a < b;
const le = (a, b) => a !== null && b !== null && a <= b;

// [set, $filter as a client writes it, the same predicate in JavaScript]
const filters = [
  ["Adplatforms_Values", "kpi eq 'roas'", (r) => eq(r.kpi, "roas")],
  ["Adplatforms_Values", "kpi ne 'roas'", (r) => ne(r.kpi, "roas")],
  ["Adplatforms_Values", "value gt 2.5", (r) => gt(r.value, 2.5)],
  ["Adplatforms_Values", "value ge 2.5", (r) => ge(r.value, 2.5)],
  ["Adplatforms_Values", "value lt 0.01", (r) => lt(r.value, 0.01)],
  ["Adplatforms_Values", "value le 0.01", (r) => le(r.value, 0.01)],
  ["Adplatforms_Values", "value ge 1e2", (r) => ge(r.value, 100)],
  ["Adplatforms_Values", "change lt -100", (r) => lt(r.change, -100)],
  ["Adplatforms_Values", "kpi eq 'roas' and value gt 3", (r) => eq(r.kpi, "roas") && gt(r.value, 3)],
  ["Adplatforms_Values", "kpi eq 'roas' or kpi eq 'lead_rate'", (r) => eq(r.kpi, "roas") || eq(r.kpi, "lead_rate")],
  ["Adplatforms_Values", "not (kpi eq 'roas')", (r) => !eq(r.kpi, "roas")],
  ["Adplatforms_Values", "not value gt 1", (r) => !gt(r.value, 1)],
  [
    "Adplatforms_Values",
    "(kpi eq 'roas' or kpi eq 'cost_per_click') and (channel eq 'Channel 03' or channel eq 'Channel 07') and not (value ge 1)",
    (r) => (eq(r.kpi, "roas") || eq(r.kpi, "cost_per_click")) && (eq(r.channel, "Channel 03") || eq(r.channel, "Channel 07")) && !ge(r.value, 1),
  ],
  // "and" binds tighter than "or".
  ["Adplatforms_Values", "kpi eq 'roas' or kpi eq 'lead_rate' and value gt 0.05", (r) => eq(r.kpi, "roas") || (eq(r.kpi, "lead_rate") && gt(r.value, 0.05))],
  ["Adplatforms_Values", "  ( ( kpi  eq  'roas' ) )  ", (r) => eq(r.kpi, "roas")],
  ["Adplatforms_Values", "value eq null", (r) => eq(r.value, null)],
  ["Adplatforms_Values", "value ne null", (r) => ne(r.value, null)],
  ["Adplatforms_Values", "null eq value", (r) => eq(r.value, null)],
  ["Adplatforms_Values", "channel eq null", (r) => eq(r.channel, null)],
  ["Adplatforms_Values", "error ne null and kpi eq 'cost_per_lead'", (r) => ne(r.error, null) && eq(r.kpi, "cost_per_lead")],
  ["Adplatforms_Values", "previous_value eq null and level eq 'detail'", (r) => eq(r.previous_value, null) && eq(r.level, "detail")],
  // What incremental refresh folds: a date range on the period start.
  [
    "Adplatforms_Values",
    "period_start ge 2025-03-01 and period_start lt 2025-04-01",
    (r) => ge(r.period_start, "2025-03-01") && lt(r.period_start, "2025-04-01"),
  ],
  ["Adplatforms_Values", "period_start eq 2025-12-31", (r) => eq(r.period_start, "2025-12-31")],
  ["Adplatforms_Values", "period_start gt 2025-12-30 or period_start le 2025-01-01", (r) => gt(r.period_start, "2025-12-30") || le(r.period_start, "2025-01-01")],
  ["Adplatforms_Values", "period_start ne 2025-06-15 and kpi eq 'roas'", (r) => ne(r.period_start, "2025-06-15") && eq(r.kpi, "roas")],
  ["Adplatforms_Values", "2025-11-30 lt period_start", (r) => lt("2025-11-30", r.period_start)],
  ["Adplatforms_Values", "row_id le 10 or row_id gt 57000", (r) => le(r.row_id, 10) || gt(r.row_id, 57000)],
  ["Adplatforms_Values", "row_id eq 5", (r) => eq(r.row_id, 5)],
  ["Adplatforms_Values", "row_id gt 100.5 and row_id lt 103", (r) => gt(r.row_id, 100.5) && lt(r.row_id, 103)],
  // Text compares by code point.
  ["Adplatforms_Values", "channel gt 'Channel 20'", (r) => gt(r.channel, "Channel 20")],
  ["Adplatforms_Values", "level eq 'subtotal' or level eq 'total'", (r) => eq(r.level, "subtotal") || eq(r.level, "total")],
  ["Marketing_Values", "channel eq 'Email' and kpi eq 'click_through_rate'", (r) => eq(r.channel, "Email") && eq(r.kpi, "click_through_rate")],
  ["Marketing_Values", "campaign ne null and grouping eq 'by_campaign_quarter'", (r) => ne(r.campaign, null) && eq(r.grouping, "by_campaign_quarter")],
  ["Marketing_Values", "status eq 'off track' or status eq 'at risk'", (r) => eq(r.status, "off track") || eq(r.status, "at risk")],
  ["Marketing_Values", "attainment ge 1 and target ne null", (r) => ge(r.attainment, 1) && ne(r.target, null)],
  ["Marketing_Values", "channel eq 'O''Brien'", (r) => eq(r.channel, "O'Brien")],
  ["Marketing_by_channel_month", "romi gt 0 and channel ne 'Email'", (r) => gt(r.romi, 0) && ne(r.channel, "Email")],
  ["KpiCatalog", "family eq 'marketing' or unit eq 'currency'", (r) => eq(r.family, "marketing") || eq(r.unit, "currency")],
];

// Stable sort by OData's rules: null lowest, so first ascending and last descending.
function orderBy(rows, keys) {
  const compare = (a, b) => {
    if (a === b) return 0;
    if (a === null) return -1;
    if (b === null) return 1;
    return a < b ? -1 : 1;
  };
  return rows
    .map((row, i) => [row, i])
    .sort(([a, i], [b, j]) => {
      for (const [field, order] of keys) {
        const c = compare(a[field], b[field]);
        if (c) return order === "desc" ? -c : c;
      }
      return i - j;
    })
    .map(([row]) => row);
}

const orderings = [
  ["Adplatforms_Values", [["value", "asc"], ["row_id", "asc"]]],
  ["Adplatforms_Values", [["value", "desc"], ["row_id", "asc"]]],
  ["Adplatforms_Values", [["period_start", "desc"], ["channel", "asc"], ["kpi", "asc"], ["row_id", "asc"]]],
  ["Adplatforms_Values", [["channel", "asc"]]],
  ["Adplatforms_Values", [["channel", "desc"]]],
  ["Marketing_Values", [["status", "asc"], ["attainment", "desc"]]],
  ["Marketing_Values", [["kpi", undefined]]],
];

const ids = (rows) => rows.map((r) => r.row_id);

export function queryOptions(service) {
  const query = (set, options) => service.paged.readAll(set, options).then(({ rows }) => rows);

  describe("query options against the same query in JavaScript", () => {
    for (const [set, filter, predicate] of filters)
      test(`${set}?$filter=${filter}`, async () => {
        const all = await service.fullSet(set);
        const expected = all.filter(predicate);
        const rows = await query(set, service.paged.options().filter(filter));
        const key = set === "KpiCatalog" ? "id" : "row_id";
        assert.deepEqual(rows.map((r) => r[key]), expected.map((r) => r[key]));
        // /$count with the same filter
        const count = await service.odata.client.newRequest({ collection: `${set}/$count`, params: service.odata.options().filter(filter) });
        assert.equal(count, String(expected.length));
      });

    test("the filters above select something and leave something out, so they are tests", async () => {
      for (const [set, filter, predicate] of filters) {
        if (filter.includes("O''Brien")) continue;
        const all = await service.fullSet(set);
        const n = all.filter(predicate).length;
        assert.ok(n > 0 && n < all.length, `${filter}: ${n} of ${all.length}`);
      }
    });

    for (const [set, keys] of orderings) {
      const text = keys.map(([f, o]) => (o ? `${f} ${o}` : f)).join(",");
      test(`${set}?$orderby=${text}`, async () => {
        const expected = orderBy(await service.fullSet(set), keys.map(([f, o]) => [f, o ?? "asc"]));
        const reply = await request(`${service.url}${set}?$orderby=${encodeURIComponent(text)}`);
        assert.equal(reply.status, 200);
        // Ties keep the set's order on the server and in orderBy: whole rows compare.
        const rows = [];
        for (let page = reply.json; ; ) {
          rows.push(...page.value);
          if (!page["@odata.nextLink"]) break;
          page = (await request(page["@odata.nextLink"])).json;
        }
        for (const [field] of keys) {
          assert.deepEqual(rows.map((r) => r[field]), expected.map((r) => r[field]), `order of ${field}`);
        }
        assert.deepEqual(ids(rows).sort((a, b) => a - b), ids(expected).sort((a, b) => a - b), "the same rows");
      });
    }

    test("nulls sort first ascending and last descending", async () => {
      const asc = await query("Adplatforms_Values", service.paged.options().filter("kpi eq 'cost_per_lead'").orderby("value", "asc"));
      const desc = await query("Adplatforms_Values", service.paged.options().filter("kpi eq 'cost_per_lead'").orderby("value", "desc"));
      const nulls = asc.filter((r) => r.value === null).length;
      assert.ok(nulls > 0 && nulls < asc.length);
      assert.ok(asc.slice(0, nulls).every((r) => r.value === null));
      assert.ok(desc.slice(desc.length - nulls).every((r) => r.value === null));
      for (let i = nulls + 1; i < asc.length; ++i) assert.ok(asc[i - 1].value <= asc[i].value);
      for (let i = 1; i < desc.length - nulls; ++i) assert.ok(desc[i - 1].value >= desc[i].value);
    });

    test("$select returns only the chosen properties, with the same values", async () => {
      const all = await service.fullSet("Adplatforms_Values");
      const rows = await query("Adplatforms_Values", service.paged.options().select(["row_id", "kpi", "period_start", "value"]));
      assert.equal(rows.length, all.length);
      rows.forEach((row, i) => {
        const { row_id, kpi, period_start, value } = all[i];
        assert.deepEqual(row, { row_id, kpi, period_start, value });
      });
      const spaced = await request(`${service.url}Marketing_Values?$select=${encodeURIComponent("row_id, error")}&$top=2`);
      assert.deepEqual(Object.keys(spaced.json.value[0]).sort(), ["error", "row_id"]);
      const star = await request(`${service.url}Marketing_Values?$select=*&$top=1`);
      assert.deepEqual(star.json.value[0], (await service.fullSet("Marketing_Values"))[0]);
    });

    test("$top and $skip, alone and with $filter and $orderby", async () => {
      const all = await service.fullSet("Marketing_Values");
      // @odata/client leaves out $top=0, so that one goes by hand.
      const none = await request(`${service.url}Marketing_Values?$top=0`);
      assert.deepEqual(none.json.value, []);
      assert.ok(!("@odata.nextLink" in none.json));
      const cases = [
        [{ top: 7 }, all.slice(0, 7)],
        [{ skip: 555 }, all.slice(555)],
        [{ skip: all.length }, []],
        [{ skip: all.length + 10, top: 5 }, []],
        [{ skip: 10, top: 5 }, all.slice(10, 15)],
        [{ skip: 3, top: 4, filter: "kpi eq 'roas'", orderby: "value" }, orderBy(all.filter((r) => r.kpi === "roas"), [["value", "asc"]]).slice(3, 7)],
      ];
      for (const [options, expected] of cases) {
        let params = service.paged.options();
        if (options.filter) params = params.filter(options.filter);
        if (options.orderby) params = params.orderby(options.orderby, "asc");
        if (options.skip !== undefined) params = params.skip(options.skip);
        if (options.top !== undefined) params = params.top(options.top);
        const { rows, pages } = await service.paged.readAll("Marketing_Values", params);
        assert.deepEqual(ids(rows), ids(expected), JSON.stringify(options));
        assert.equal(pages.length, 1, `one page for ${JSON.stringify(options)}`);
      }
    });

    test("/$count of each set equals its rows", async () => {
      for (const set of ["KpiCatalog", "Marketing_Values", "Marketing_by_channel_month", "Adplatforms_Values"]) {
        const count = await service.odata.client.newRequest({ collection: `${set}/$count` });
        assert.equal(count, String((await service.fullSet(set)).length), set);
      }
    });
  });
}
