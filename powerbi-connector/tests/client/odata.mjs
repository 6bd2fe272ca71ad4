// The independent OData client (@odata/client) pointed at a bridge, with every
// reply checked for what Power BI needs to see on it: OData-Version 4.0, and a
// JSON content type except on $metadata (CSDL XML) and /$count (plain text).
import assert from "node:assert/strict";
import { OData } from "@odata/client";

export const jsonType = /^application\/json(;|$)/;

// The kind of body a reply to this URL must have.
function expectedKind(url) {
  const path = new URL(url).pathname;
  if (path.endsWith("/$metadata")) return "xml";
  if (path.endsWith("/$count")) return "count";
  return "json";
}

export function assertODataHeaders(url, status, headers) {
  const get = (name) => (typeof headers.get === "function" ? headers.get(name) : headers[name.toLowerCase()]);
  assert.equal(get("odata-version"), "4.0", `OData-Version on ${status} reply to ${url}`);
  const type = get("content-type") ?? "";
  const kind = status < 300 ? expectedKind(url) : "json";
  if (kind === "xml") assert.match(type, /^application\/xml(;|$)/, `content type of ${url}`);
  else if (kind === "count") assert.match(type, /^text\/plain(;|$)/, `content type of ${url}`);
  else assert.match(type, jsonType, `content type of ${status} reply to ${url}`);
}

// GET (or another method) with fetch, headers checked; the body parsed when JSON.
export async function request(url, { method = "GET", headers = {} } = {}) {
  const response = await fetch(url, { method, headers, redirect: "manual" });
  const text = await response.text();
  assertODataHeaders(url, response.status, response.headers);
  const json = jsonType.test(response.headers.get("content-type") ?? "") && text ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, text, json };
}

// An OData error reply: the status, and a body { error: { code, message } }.
export function assertODataError(reply, status) {
  assert.equal(reply.status, status, `status; body: ${reply.text}`);
  assert.ok(reply.json?.error, `an OData error body, got ${reply.text}`);
  assert.equal(typeof reply.json.error.code, "string");
  assert.equal(typeof reply.json.error.message, "string");
  assert.ok(reply.json.error.message.length > 0);
}

// An @odata/client v4 client whose replies are checked and kept (replies[]).
export function odataClient(serviceUrl, { headers = {}, credential } = {}) {
  const replies = [];
  const fetchProxy = async (url, init) => {
    const response = await fetch(url, init);
    const text = await response.text();
    assertODataHeaders(url, response.status, response.headers);
    // A reply that says JSON must be JSON: JSON.parse throws otherwise.
    const content = jsonType.test(response.headers.get("content-type") ?? "") ? JSON.parse(text) : text;
    replies.push({ url, status: response.status, headers: response.headers, text });
    return { content, response };
  };
  const client = OData.New4({ serviceEndpoint: serviceUrl, fetchProxy, commonHeaders: headers, credential });
  return {
    client,
    replies,
    lastReply: () => replies[replies.length - 1],
    options: () => client.newOptions(),
    // One page of a set: the client's own request for the first page...
    page: (set, options) => client.newRequest({ collection: set, params: options }),
    // ...and the server's nextLink followed as given (clients must not edit it).
    follow: (nextLink) => client.requestUri(nextLink),
    // Every row of a query, following @odata.nextLink; pages kept for inspection.
    async readAll(set, options) {
      const pages = [];
      let content = await client.newRequest({ collection: set, params: options });
      for (;;) {
        assert.ok(Array.isArray(content?.value), `a page of ${set}: ${JSON.stringify(content).slice(0, 300)}`);
        pages.push({ content, reply: replies[replies.length - 1] });
        const next = content["@odata.nextLink"];
        if (next === undefined) break;
        assert.ok(pages.length < 1000, "nextLink keeps coming");
        content = await client.requestUri(next);
      }
      return { rows: pages.flatMap((p) => p.content.value), pages };
    },
  };
}
