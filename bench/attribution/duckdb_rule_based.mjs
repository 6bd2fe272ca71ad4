// The rule-based attribution models (first, last, last non-direct touch,
// linear, position-based 40/20/40, time decay with a 7-day half-life,
// W-shaped 30/30/30), computed by DuckDB in SQL from the same paths CSV that
// kpilot reads, written long: model, channel, attributed conversions and value.
//
//   node duckdb_rule_based.mjs PATHS.csv OUT.csv
//
// The rules are kpilot's (docs/attribution.md): a channel earns its touches'
// shares of each path's conversions and value; a channel touched twice earns
// twice. DuckDB runs with its default thread count (reported on stderr).
import { DuckDBInstance } from '@duckdb/node-api';

const [paths, out] = process.argv.slice(2);
if (!paths || !out) {
  console.error('usage: node duckdb_rule_based.mjs PATHS.csv OUT.csv');
  process.exit(2);
}
const literal = (text) => `'${text.replaceAll("'", "''")}'`;

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();

const query = `
COPY (
  WITH paths AS (
    SELECT list_transform(string_split(path, '>'), x -> trim(x)) AS channels,
           conversions, value, lead_touch AS lead, opportunity_touch AS opportunity,
           list_transform(string_split(days_before_conversion, '>'), x -> CAST(trim(x) AS DOUBLE)) AS days
    FROM read_csv(${literal(paths)}, header = true, columns = {
      'path': 'VARCHAR', 'conversions': 'DOUBLE', 'value': 'DOUBLE', 'nulls': 'DOUBLE',
      'lead_touch': 'BIGINT', 'opportunity_touch': 'BIGINT', 'days_before_conversion': 'VARCHAR'})
    WHERE conversions > 0 OR value > 0
  ),
  numbered AS (
    SELECT row_number() OVER () AS id, len(channels) AS n, * FROM paths
  ),
  touches AS (
    SELECT id, n, conversions, value, lead, opportunity,
           unnest(channels) AS channel, unnest(days) AS day, unnest(range(1, n + 1)) AS pos
    FROM numbered
  ),
  shaped AS (
    SELECT *,
           coalesce(max(CASE WHEN lower(channel) <> 'direct' THEN pos END) OVER (PARTITION BY id), n) AS last_non_direct,
           pow(2, -day / 7.0) / sum(pow(2, -day / 7.0)) OVER (PARTITION BY id) AS decay,
           n - (1 + (lead <> 1)::INT + (opportunity <> 1 AND opportunity <> lead)::INT) AS others,
           (0.3 * (pos = 1)::INT + 0.3 * (pos = lead)::INT + 0.3 * (pos = opportunity)::INT) AS key_share
    FROM touches
  ),
  weighted AS (
    SELECT channel, conversions, value,
           (pos = 1)::INT::DOUBLE AS first_touch,
           (pos = n)::INT::DOUBLE AS last_touch,
           (pos = last_non_direct)::INT::DOUBLE AS last_non_direct_touch,
           1.0 / n AS linear,
           CASE WHEN n = 1 THEN 1.0 WHEN n = 2 THEN 0.5
                WHEN pos = 1 OR pos = n THEN 0.4 ELSE 0.2 / (n - 2) END AS position_based,
           decay AS time_decay,
           CASE WHEN others = 0 THEN key_share / 0.9
                WHEN key_share > 0 THEN key_share ELSE 0.1 / others END AS w_shaped
    FROM shaped
  ),
  credited AS (
    UNPIVOT weighted ON first_touch, last_touch, last_non_direct_touch, linear, position_based, time_decay, w_shaped
    INTO NAME model VALUE share
  )
  SELECT model, channel, sum(share * conversions) AS attributed_conversions, sum(share * value) AS attributed_value
  FROM credited
  GROUP BY ALL
  ORDER BY ALL
) TO ${literal(out)} (HEADER, DELIMITER ',')`;

const settings = await connection.runAndReadAll("SELECT version(), current_setting('threads')");
const [version, threads] = settings.getRows()[0];
await connection.run(query);
console.error(`duckdb ${version}, threads ${threads}`);
connection.closeSync();
instance.closeSync();
