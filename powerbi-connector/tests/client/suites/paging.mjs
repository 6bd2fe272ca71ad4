// Server-driven paging as Power BI does it: follow @odata.nextLink until
// there is none, under Prefer: odata.maxpagesize, over a set of more than
// 50,000 rows, with nothing lost, repeated or looping.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { leastLongFormRows } from "../generated_dataset.mjs";
import { request } from "../odata.mjs";

const bigSet = "Adplatforms_Values";
const pageSize = 5000;

function assertRowIdsOneToN(rows, n) {
  assert.equal(rows.length, n, "row count");
  const seen = new Uint8Array(n + 1);
  for (const { row_id } of rows) {
    assert.ok(Number.isInteger(row_id) && row_id >= 1 && row_id <= n, `row_id ${row_id} within 1..${n}`);
    assert.equal(seen[row_id], 0, `row_id ${row_id} twice`);
    seen[row_id] = 1;
  }
}

export function paging(service) {
  describe("paging", () => {
    test(`${bigSet} pages through 50,000+ rows under Prefer: odata.maxpagesize=${pageSize}`, async () => {
      const { rows, pages } = await service.paged.readAll(bigSet);
      const n = rows.length;
      assert.ok(n >= 50_000 && n >= leastLongFormRows, `${n} rows`);
      assertRowIdsOneToN(rows, n);
      assert.equal(pages.length, Math.ceil(n / pageSize));
      pages.forEach(({ content, reply }, i) => {
        const last = i === pages.length - 1;
        assert.equal(content.value.length, last ? n - pageSize * i : pageSize, `rows on page ${i + 1}`);
        assert.equal("@odata.nextLink" in content, !last, `nextLink on page ${i + 1} of ${pages.length}`);
        assert.equal(reply.headers.get("preference-applied"), `odata.maxpagesize=${pageSize}`);
      });
      // Each nextLink is different: a client following them cannot loop.
      const links = pages.slice(0, -1).map(({ content }) => content["@odata.nextLink"]);
      assert.equal(new Set(links).size, links.length);
      for (const link of links) assert.ok(link.startsWith(`${service.url}${bigSet}?`), link);
      const cached = await service.fullSet(bigSet);
      assert.equal(cached.length, n);
    });

    test("$count=true counts every row on every page; /$count agrees", async () => {
      const n = (await service.fullSet(bigSet)).length;
      const { rows, pages } = await service.paged.readAll(bigSet, service.paged.options().count(true));
      assertRowIdsOneToN(rows, n);
      for (const { content } of pages) assert.equal(content["@odata.count"], n);
      assert.equal(await service.odata.client.newRequest({ collection: `${bigSet}/$count` }), String(n));
    });

    test("$count=true counts the filtered rows across all pages, whatever $top and $skip say (OData 4.0 part 2, 11.2.5.5)", async () => {
      const all = await service.fullSet(bigSet);
      const roas = all.filter((r) => r.kpi === "roas").length;
      const page = await service.odata.page(bigSet, service.odata.options().filter("kpi eq 'roas'").count(true).top(10).skip(5));
      assert.equal(page.value.length, 10);
      assert.equal(page["@odata.count"], roas);
      // @odata/client's own count() asks for $top=1&$count=true.
      assert.equal(await service.odata.client.getEntitySet(bigSet).count(), all.length);
    });

    test("without a preference the server picks its page size and still ends", async () => {
      const { rows, pages } = await service.odata.readAll(bigSet);
      assertRowIdsOneToN(rows, (await service.fullSet(bigSet)).length);
      assert.ok(pages.length > 1, "a 50,000-row set comes in more than one page");
      assert.equal(pages[0].reply.headers.get("preference-applied"), null);
    });

    test("nextLink keeps $filter, $orderby and $select across pages", async () => {
      const all = await service.fullSet(bigSet);
      const expected = all
        .filter((r) => r.kpi === "cost_per_click" || r.kpi === "roas")
        .sort((a, b) => (a.value ?? -Infinity) - (b.value ?? -Infinity) || a.row_id - b.row_id)
        .reverse()
        .map((r) => ({ row_id: r.row_id, value: r.value }));
      const options = service.paged
        .options()
        .filter("kpi eq 'cost_per_click' or kpi eq 'roas'")
        .orderbyMulti([
          { field: "value", order: "desc" },
          { field: "row_id", order: "desc" },
        ])
        .select(["row_id", "value"]);
      const { rows, pages } = await service.paged.readAll(bigSet, options);
      assert.ok(pages.length >= 3);
      assert.deepEqual(rows, expected);
    });

    test("$top and $skip bound the rows that the pages deliver", async () => {
      const all = await service.fullSet(bigSet);
      for (const [skip, top] of [
        [0, 12_345],
        [100, 7000],
        [all.length - 3, 100],
        [0, pageSize],
      ]) {
        const { rows, pages } = await service.paged.readAll(bigSet, service.paged.options().skip(skip).top(top));
        assert.deepEqual(
          rows.map((r) => r.row_id),
          all.slice(skip, skip + top).map((r) => r.row_id),
          `$skip=${skip}&$top=${top}`,
        );
        assert.equal(pages.length, Math.max(1, Math.ceil(rows.length / pageSize)), `pages for $skip=${skip}&$top=${top}`);
      }
    });

    test("the same request gives the same bytes", async () => {
      const url = `${service.url}${bigSet}?$skip=20000&$top=3000`;
      const [a, b] = [await request(url), await request(url)];
      assert.equal(a.text, b.text);
    });
  });
}
