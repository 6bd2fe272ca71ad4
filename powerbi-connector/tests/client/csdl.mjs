// Reads a CSDL XML document ($metadata) into entity sets with their typed
// properties and keys. The XML reader is strict on what CSDL uses (elements,
// attributes, the five predefined entities, comments, the XML declaration)
// and throws on anything malformed, such as a tag closed out of order.

const entities = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(text) {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name) => {
    if (name.startsWith("#x")) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(parseInt(name.slice(1), 10));
    if (!(name in entities)) throw new Error(`unknown XML entity ${whole}`);
    return entities[name];
  });
}

// Elements as { name, attributes, children }; text content is ignored.
export function parseXml(text) {
  const root = { name: "#document", attributes: {}, children: [] };
  const open = [root];
  const tag = /<(\?xml[^>]*\?|!--[\s\S]*?--|\/?)([A-Za-z_][\w.:-]*)?((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
  let at = 0;
  for (let match; (match = tag.exec(text)); ) {
    const between = text.slice(at, match.index);
    if (between.includes("<")) throw new Error(`malformed XML near ${JSON.stringify(between.slice(0, 40))}`);
    at = tag.lastIndex;
    const [, kind, name, attributeText, selfClosing] = match;
    if (kind.startsWith("?xml") || kind.startsWith("!--")) continue;
    if (!name) throw new Error(`malformed tag ${match[0]}`);
    if (kind === "/") {
      const top = open.pop();
      if (!top || top.name !== name) throw new Error(`</${name}> closes <${top?.name}>`);
      continue;
    }
    const attributes = {};
    for (const [, key, quotedValue] of attributeText.matchAll(/([\w.:-]+)\s*=\s*("[^"]*"|'[^']*')/g)) {
      if (key in attributes) throw new Error(`attribute ${key} twice on <${name}>`);
      attributes[key] = decode(quotedValue.slice(1, -1));
    }
    const element = { name, attributes, children: [] };
    open[open.length - 1].children.push(element);
    if (!selfClosing) open.push(element);
  }
  if (text.slice(at).includes("<")) throw new Error("malformed XML at the end");
  if (open.length !== 1) throw new Error(`<${open[open.length - 1].name}> never closed`);
  if (root.children.length !== 1) throw new Error("an XML document has exactly one root element");
  return root.children[0];
}

const local = (name) => name.slice(name.indexOf(":") + 1);
const childrenNamed = (element, name) => element.children.filter((c) => local(c.name) === name);

// { namespace, sets: Map(setName -> { entityType, key: [..], properties: [{ name, type, nullable }] }) }
export function readCsdl(xml) {
  const edmx = parseXml(xml);
  if (local(edmx.name) !== "Edmx") throw new Error(`root element is <${edmx.name}>, not <edmx:Edmx>`);
  if (edmx.attributes.Version !== "4.0") throw new Error(`Edmx Version is ${edmx.attributes.Version}`);
  if (edmx.attributes["xmlns:edmx"] !== "http://docs.oasis-open.org/odata/ns/edmx") throw new Error("wrong edmx namespace");
  const [services] = childrenNamed(edmx, "DataServices");
  const schemas = childrenNamed(services, "Schema");
  if (schemas.length !== 1) throw new Error(`${schemas.length} schemas`);
  const [schema] = schemas;
  if (schema.attributes.xmlns !== "http://docs.oasis-open.org/odata/ns/edm") throw new Error("wrong edm namespace");
  const namespace = schema.attributes.Namespace;
  const types = new Map();
  for (const type of childrenNamed(schema, "EntityType")) {
    const keys = childrenNamed(type, "Key");
    if (keys.length !== 1) throw new Error(`EntityType ${type.attributes.Name} has ${keys.length} <Key> elements`);
    types.set(`${namespace}.${type.attributes.Name}`, {
      key: childrenNamed(keys[0], "PropertyRef").map((p) => p.attributes.Name),
      properties: childrenNamed(type, "Property").map((p) => ({
        name: p.attributes.Name,
        type: p.attributes.Type,
        nullable: p.attributes.Nullable !== "false",
      })),
      navigation: childrenNamed(type, "NavigationProperty").length,
    });
  }
  const containers = childrenNamed(schema, "EntityContainer");
  if (containers.length !== 1) throw new Error(`${containers.length} entity containers`);
  const sets = new Map();
  for (const set of childrenNamed(containers[0], "EntitySet")) {
    const type = types.get(set.attributes.EntityType);
    if (!type) throw new Error(`EntitySet ${set.attributes.Name} names an undeclared type ${set.attributes.EntityType}`);
    sets.set(set.attributes.Name, { entityType: set.attributes.EntityType, ...type });
  }
  return { namespace, sets, types };
}

// Whether a JSON value is what OData's JSON format sends for an Edm type
// (IEEE754Compatible=false: Int64 as a JSON number).
export function matchesEdmType(value, type, nullable) {
  if (value === null) return nullable;
  switch (type) {
    case "Edm.String":
      return typeof value === "string";
    case "Edm.Double":
      return typeof value === "number" && Number.isFinite(value);
    case "Edm.Int64":
    case "Edm.Int32":
      return Number.isSafeInteger(value);
    case "Edm.Boolean":
      return typeof value === "boolean";
    case "Edm.Date": {
      if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
      const day = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
    }
    default:
      return false;
  }
}
