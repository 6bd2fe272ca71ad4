// A dataset big enough to page through: daily ad-platform exports for many
// channels over a year, so that its long-form KPI set has more than 50,000
// rows. Deterministic (no Math.random), with zero denominators on purpose so
// that the set holds KPI errors (null values) to filter and sort on.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const channelCount = 25;
export const dayCount = 366;
const firstDay = Date.UTC(2025, 0, 1);

export const model = {
  name: "Generated ad platforms",
  description: "Daily exports per channel, generated for the bridge's client tests.",
  date_column: "date",
  columns: { date: "date", channel: "text" },
  measures: {
    spend: { aggregate: "sum", column: "spend" },
    impressions: { aggregate: "sum", column: "impressions" },
    clicks: { aggregate: "sum", column: "clicks" },
    leads: { aggregate: "sum", column: "leads" },
    customers: { aggregate: "sum", column: "customers" },
    revenue: { aggregate: "sum", column: "revenue" },
  },
  kpis: {
    roas: "KPI.ROAS(revenue, spend)",
    click_through_rate: "KPI.CTR(clicks, impressions)",
    cost_per_lead: "KPI.CPL(spend, leads)",
    customer_acquisition_cost: "KPI.CACPAID(spend, customers)",
    cost_per_click: { formula: "spend / clicks", title: "Cost per click", unit: "currency", direction: "lower" },
    lead_rate: { formula: "leads / clicks", title: "Leads per click", unit: "ratio", direction: "higher" },
  },
  groupings: {
    by_channel_day: { by: ["channel"], grain: "day" },
  },
};

export const kpiCount = Object.keys(model.kpis).length;

export function isoDay(day) {
  return new Date(firstDay + day * 86_400_000).toISOString().slice(0, 10);
}

export function channelName(c) {
  return `Channel ${String(c + 1).padStart(2, "0")}`;
}

// One row per channel and day; a small linear congruential generator keeps
// the numbers varied and the file the same on every run.
export function dataCsv() {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = ["date,channel,spend,impressions,clicks,leads,customers,revenue"];
  for (let day = 0; day < dayCount; ++day) {
    for (let c = 0; c < channelCount; ++c) {
      const spend = (50 + next() * 500).toFixed(2);
      const impressions = Math.floor(1000 + next() * 20000);
      // Channel 03 has days without clicks, channel 07 days without leads and
      // every channel days without customers: #DIV/0! in several KPIs.
      const clicks = c === 2 && day % 5 === 0 ? 0 : Math.floor(10 + next() * 400);
      const leads = (c === 6 && day % 3 === 0) || clicks === 0 ? 0 : Math.floor(next() * 30);
      const customers = Math.floor(next() * 3);
      const revenue = (customers * (200 + next() * 3000)).toFixed(2);
      lines.push(`${isoDay(day)},${channelName(c)},${spend},${impressions},${clicks},${leads},${customers},${revenue}`);
    }
  }
  return lines.join("\n") + "\n";
}

// Writes the dataset as <root>/<name>/{model.json,data.csv}.
export function writeGeneratedDataset(root, name = "adplatforms") {
  const folder = join(root, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, "model.json"), JSON.stringify(model, null, 2));
  writeFileSync(join(folder, "data.csv"), dataCsv());
  return folder;
}

// Detail rows, a subtotal per day and a total per day... whatever the engine
// emits, it is at least channel × day × KPI rows.
export const leastLongFormRows = channelCount * dayCount * kpiCount;
