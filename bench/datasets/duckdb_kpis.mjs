// The benchmark's ten KPIs by channel and month, computed by DuckDB from the same
// CSV that kpilot reads, and written as one wide row per channel and month.
//
//   node duckdb_kpis.mjs FACTS.csv OUT.csv
//
// Each KPI is a ratio of sums, as kpilot computes it. A zero denominator is left
// as DuckDB gives it (NULL or infinity); compare.py maps both to kpilot's #DIV/0!.
// DuckDB runs with its own default thread count; the script reports it on stderr
// so the benchmark can say what it compared against.
import { DuckDBInstance } from '@duckdb/node-api';

const [facts, out] = process.argv.slice(2);
if (!facts || !out) {
  console.error('usage: node duckdb_kpis.mjs FACTS.csv OUT.csv');
  process.exit(2);
}

// SQL string literals: the paths are ours, but a quote in one must not break the query.
const literal = (text) => `'${text.replaceAll("'", "''")}'`;

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();

// Declared column types, as kpilot's model declares them: the sniffer would only
// add a pass over a sample that neither engine needs.
const query = `
COPY (
  WITH sums AS (
    SELECT channel, date_trunc('month', date) AS month,
           sum(spend) AS spend, sum(impressions) AS impressions, sum(clicks) AS clicks,
           sum(leads) AS leads, sum(opportunities) AS opportunities,
           sum(customers) AS customers, sum(revenue) AS revenue
    FROM read_csv(${literal(facts)}, header = true, columns = {
      'date': 'DATE', 'channel': 'VARCHAR', 'campaign': 'VARCHAR', 'spend': 'DOUBLE',
      'impressions': 'BIGINT', 'clicks': 'BIGINT', 'leads': 'BIGINT', 'opportunities': 'BIGINT',
      'customers': 'BIGINT', 'revenue': 'DOUBLE'})
    GROUP BY ALL
  )
  -- Months spelled 2024-01 as in kpilot's period column: on the ~200 groups, not on the rows.
  SELECT channel, strftime(month, '%Y-%m') AS month,
         clicks / impressions                  AS ctr,
         spend / leads                         AS cpl,
         spend / customers                     AS cac,
         revenue / spend                       AS roas,
         (revenue * 0.6 - spend) / spend       AS romi,
         opportunities / leads                 AS lead_to_opportunity,
         customers / opportunities             AS opportunity_to_customer,
         customers / leads                     AS conversion,
         spend / clicks                        AS cost_per_click,
         revenue / customers                   AS revenue_per_customer
  FROM sums
  ORDER BY ALL
) TO ${literal(out)} (HEADER, DELIMITER ',')`;

const settings = await connection.runAndReadAll("SELECT version(), current_setting('threads')");
const [version, threads] = settings.getRows()[0];
await connection.run(query);
console.error(`duckdb ${version}, threads ${threads}`);
connection.closeSync();
instance.closeSync();
