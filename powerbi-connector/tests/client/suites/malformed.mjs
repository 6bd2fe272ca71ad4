// Bad requests, from a client's honest mistakes to hostile bytes: each gets
// a 4xx with an OData error body, and the server goes on serving.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { rawExchange } from "../harness.mjs";
import { assertODataError, assertODataHeaders, request } from "../odata.mjs";

const badFilters = [
  "kpi eq",
  "kpi eq 'roas",
  "(kpi eq 'roas'",
  "kpi eq 'roas')",
  "kpi foo 'roas'",
  "kpi eq 'roas' and",
  "and kpi eq 'roas'",
  "not",
  "value eq 'text'",
  "kpi eq 1",
  "period_start ge '2026-05-01'",
  "period_start ge 2026-13-45",
  "nosuch eq 1",
  "value gt null",
  "1 eq 1",
  "value eq 1.2.3",
  "kpi eq \"roas\"",
  `${"(".repeat(200)}kpi eq 'roas'${")".repeat(200)}`,
  `${"not ".repeat(200)}kpi eq 'roas'`,
];

export function malformedRequests(service) {
  const get = (path, init) => request(`${service.url}${path}`, init);

  describe("malformed and hostile requests", () => {
    let reference;
    test("(a reply to compare with afterwards)", async () => {
      reference = await get("Marketing_Values?$filter=kpi%20eq%20'roas'&$top=50");
      assert.equal(reference.status, 200);
    });

    test("an unknown property in $select is a 400 naming it", async () => {
      const reply = await get("Marketing_Values?$select=row_id,no_such_column");
      assertODataError(reply, 400);
      assert.match(reply.json.error.message, /no_such_column/);
    });

    for (const filter of badFilters)
      test(`malformed $filter is a 400: ${filter.slice(0, 60)}`, async () => {
        assertODataError(await get(`Marketing_Values?$filter=${encodeURIComponent(filter)}`), 400);
      });

    test("a $filter function the bridge does not implement is refused, not ignored", async () => {
      const reply = await get(`Marketing_Values?$filter=${encodeURIComponent("contains(kpi,'ro')")}`);
      assert.ok(reply.status === 400 || reply.status === 501, `status ${reply.status}`);
      assertODataError(reply, reply.status);
    });

    test("a $filter over 4,096 characters is a 400", async () => {
      const filter = `kpi eq '${"r".repeat(4100)}'`;
      assert.ok(filter.length > 4096 && encodeURIComponent(filter).length < 8000);
      assertODataError(await get(`Marketing_Values?$filter=${encodeURIComponent(filter)}`), 400);
    });

    for (const query of ["$top=abc", "$top=-1", "$top=1.5", "$top=", "$skip=x", "$skip=-3", "$count=maybe", "$orderby=nosuch", "$orderby=value%20sideways"])
      test(`bad query option is a 400: ${query}`, async () => {
        assertODataError(await get(`Marketing_Values?${query}`), 400);
      });

    for (const query of ["$expand=kpi", "$search=roas", "$apply=groupby((kpi))"])
      test(`an option the bridge does not implement is refused, not ignored: ${query}`, async () => {
        const reply = await get(`Marketing_Values?${query}`);
        assert.ok(reply.status === 400 || reply.status === 501, `status ${reply.status}`);
        assertODataError(reply, reply.status);
      });

    test("an unknown entity set is a 404", async () => {
      assertODataError(await get("No_Such_Set"), 404);
      assertODataError(await get("No_Such_Set/$count"), 404);
      assertODataError(await get("marketing_values"), 404);
    });

    test("a path outside the service or onto the disk is a 404, never a file", async () => {
      for (const path of [
        "/odata/../samples/marketing/data.csv",
        "/odata/%2e%2e/%2e%2e/etc/passwd",
        "/odata/marketing/data.csv",
        "/odata/marketing%2fmodel.json",
        "/etc/passwd",
        "/odataX",
      ]) {
        const reply = await rawExchange(service.port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
        assert.ok(reply.status === 404 || reply.status === 400, `${path}: ${reply.status}`);
        assertODataHeaders(path, reply.status, reply.headers);
        assert.ok(!reply.body.includes("spend") && !reply.body.includes("root:"), `${path} leaked ${reply.body.slice(0, 80)}`);
      }
    });

    for (const method of ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
      test(`${method} is a 405`, async () => {
        const reply = await rawExchange(service.port, `${method} /odata/Marketing_Values HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
        assert.equal(reply.status, 405);
        assertODataHeaders("/odata/Marketing_Values", 405, reply.headers);
        assert.ok(JSON.parse(reply.body).error);
      });

    test("a 405 names the methods served (Allow: GET, HEAD, as RFC 9110 15.5.6 requires)", async () => {
      const reply = await rawExchange(service.port, "POST /odata/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      assert.equal(reply.status, 405);
      assert.match(reply.headers.allow ?? "", /GET/);
    });

    test("a URL over 8 KB is a 414", async () => {
      const reply = await get(`Marketing_Values?$filter=${"x".repeat(9000)}`);
      assertODataError(reply, 414);
    });

    test("headers over 16 KB are a 431 (or a 4xx and the connection closed)", async () => {
      const headers = Array.from({ length: 20 }, (_, i) => `X-Filler-${i}: ${"y".repeat(1000)}\r\n`).join("");
      const reply = await rawExchange(service.port, `GET /odata/ HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\n`);
      assert.ok(reply.status === 431 || (reply.status >= 400 && reply.status < 500), `status ${reply.status}, ${reply.how}`);
      if (reply.status === 431) assertODataHeaders("/odata/", 431, reply.headers);
    });

    test("a GET with a body is a 413", async () => {
      const reply = await rawExchange(
        service.port,
        `GET /odata/Marketing_Values HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 26\r\n\r\n{"value":"something big"}\n`,
      );
      assert.equal(reply.status, 413, "GET with a body");
      assertODataHeaders("/odata/Marketing_Values", 413, reply.headers);
      const chunked = await rawExchange(
        service.port,
        "GET /odata/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
      );
      assert.equal(chunked.status, 413, "a chunked body");
    });

    // Issue 11: a body used to be refused before the method was looked at.
    for (const method of ["POST", "PUT", "PATCH"])
      test(`${method} with a body is a 405 with Allow, not a 413`, async () => {
        const reply = await rawExchange(
          service.port,
          `${method} /odata/Marketing_Values HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 26\r\n\r\n{"value":"something big"}\n`,
        );
        assert.equal(reply.status, 405, `${method} with a body`);
        assert.equal(reply.headers.allow, "GET, HEAD");
        assertODataHeaders("/odata/Marketing_Values", 405, reply.headers);
      });

    // Issue 11 (fuzzing): request bytes, raw or percent-decoded, reached replies as they were.
    test("every reply is valid UTF-8 whatever bytes the request held, and next links stay percent-encoded URLs", async () => {
      const strict = new TextDecoder("utf-8", { fatal: true });
      for (const target of ["/odata/%FF", "/odata/\xff\xfe", "/odata/Marketing_Values?$filter=kpi%20eq%20'%C0'", "/odata/Marketing_Values?tag=\xff&x=%FF"]) {
        const reply = await rawExchange(service.port, Buffer.from(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nPrefer: odata.maxpagesize=2\r\n\r\n`, "latin1"));
        assert.ok(reply.raw, `${target}: ${reply.how}`);
        assert.doesNotThrow(() => strict.decode(reply.raw), `${target}: the body is not valid UTF-8`);
        const json = JSON.parse(reply.body);
        const next = json["@odata.nextLink"];
        if (next !== undefined) {
          assert.match(next, /^[\x21-\x7e]+$/, `${target}: next link ${next}`);
          if (target.includes("tag=")) assert.match(next, /[?&]tag=%FF&x=%FF&/, "the query, percent-encoded as the request meant it");
        }
      }
      const notFound = await rawExchange(service.port, "GET /odata/%FF HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      assert.equal(notFound.status, 404);
      assert.match(JSON.parse(notFound.body).error.message, /\ufffd/);
    });

    // Issue 11 (fuzzing): $skip + $top and $skip + $skiptoken wrapped around 2^64.
    test("$top, $skip and $skiptoken near 2^64 clamp instead of wrapping", async () => {
      const total = Number((await get("Marketing_Values/$count")).text);
      assert.ok(total > 500, `${total} rows`);
      const past = await get("Marketing_Values?$top=5&$skip=1&$skiptoken=18446744073709551615");
      assert.equal(past.status, 200);
      assert.equal(past.json.value.length, 0);
      assert.equal(past.json["@odata.nextLink"], undefined);
      const all = await get("Marketing_Values/$count?$top=18446744073709551615&$skip=1");
      assert.equal(Number(all.text), total, "/$count ignores $top and $skip");
      const rows = await get("Marketing_Values?$top=18446744073709551615&$skip=1&$select=row_id", { headers: { Prefer: "odata.maxpagesize=50000" } });
      assert.equal(rows.json.value.length, total - 1);
      assert.equal(rows.json.value[0].row_id, 2);
      const big = await get("Marketing_Values?$top=18446744073709551616");
      assertODataError(big, 400);
    });

    test("garbage instead of HTTP is a 400, and the next request is served", async () => {
      const garbage = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 131 + 7) % 256));
      for (const bytes of [garbage, Buffer.from("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 TLS hello\r\n\r\n", "latin1"), Buffer.from("GET\r\n\r\n"), Buffer.from("GET / HTTP/9.9\r\n\r\n"), Buffer.from("GET /odata/ HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n")]) {
        const reply = await rawExchange(service.port, bytes);
        assert.equal(reply.status, 400, `reply to ${JSON.stringify(bytes.subarray(0, 16).toString("latin1"))}: ${reply.how}`);
        assertODataHeaders("garbage", 400, reply.headers);
        assert.equal((await get("")).status, 200);
      }
    });

    test("a request without a Host header gets links to where the bridge really listens", async () => {
      const reply = await rawExchange(service.port, "GET /odata/ HTTP/1.0\r\n\r\n");
      assert.equal(reply.status, 200);
      assert.equal(JSON.parse(reply.body)["@odata.context"], `${service.url}$metadata`);
    });

    test("a Host header that would inject text into the payload is not echoed", async () => {
      const reply = await rawExchange(service.port, 'GET /odata/Marketing_Values?$top=1 HTTP/1.1\r\nHost: evil"},{"x":"\r\nConnection: close\r\n\r\n');
      assert.equal(reply.status, 200);
      const body = JSON.parse(reply.body);
      assert.ok(!body["@odata.context"].includes("evil"));
      assert.equal(body.value.length, 1);
    });

    test("after all of them the server still answers normally, with the same bytes", async () => {
      const again = await get("Marketing_Values?$filter=kpi%20eq%20'roas'&$top=50");
      assert.equal(again.status, 200);
      assert.equal(again.text, reference.text);
      assert.equal((await get("$metadata")).status, 200);
    });
  });
}
