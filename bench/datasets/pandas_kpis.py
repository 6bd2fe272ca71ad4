"""The benchmark's ten KPIs by channel and month, computed by pandas from the same
CSV that kpilot reads, and written as one wide row per channel and month.

    python3 pandas_kpis.py FACTS.csv OUT.csv

Written as an analyst would write it: read_csv, groupby, sum, then each KPI as a
ratio of the sums (never a mean of per-row ratios). A zero denominator is left as
pandas gives it (inf or NaN); compare.py maps both to kpilot's #DIV/0!.
"""
import sys

import pandas as pd

MEASURES = ["spend", "impressions", "clicks", "leads", "opportunities", "customers", "revenue"]


def main(facts: str, out: str) -> None:
    # Types declared as kpilot's model and the DuckDB query declare them. Channel
    # as a category keeps 8 distinct texts instead of one object per row; the
    # campaign is not needed for these KPIs, so it is not kept.
    rows = pd.read_csv(
        facts,
        usecols=["date", "channel", *MEASURES],
        dtype={"channel": "category", "spend": "float64", "revenue": "float64",
               **{m: "int64" for m in MEASURES if m not in ("spend", "revenue")}},
        parse_dates=["date"],
    )
    month = rows["date"].dt.to_period("M").rename("month")
    s = rows[MEASURES].groupby([rows["channel"], month], observed=True).sum()
    # Months are spelled 2024-01 as in kpilot's period column; done on the ~200 groups, not on the rows.
    s.index = s.index.set_levels(s.index.levels[1].astype(str), level="month")
    # Counts are summed as integers; the ratios are taken in floating point, as DuckDB and kpilot do.
    s = s.astype("float64")
    kpis = pd.DataFrame({
        "ctr": s.clicks / s.impressions,
        "cpl": s.spend / s.leads,
        "cac": s.spend / s.customers,
        "roas": s.revenue / s.spend,
        "romi": (s.revenue * 0.6 - s.spend) / s.spend,
        "lead_to_opportunity": s.opportunities / s.leads,
        "opportunity_to_customer": s.customers / s.opportunities,
        "conversion": s.customers / s.leads,
        "cost_per_click": s.spend / s.clicks,
        "revenue_per_customer": s.revenue / s.customers,
    })
    kpis.sort_index().to_csv(out)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python3 pandas_kpis.py FACTS.csv OUT.csv")
    main(sys.argv[1], sys.argv[2])
