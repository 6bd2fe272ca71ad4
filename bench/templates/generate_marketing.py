"""Writes ROWS rows shaped like samples/marketing/data.csv (the marketing
template's columns): one row per ad set and day over three years, five
channels, 200 campaigns. The file depends on ROWS only (a seeded PRNG).

usage: generate_marketing.py ROWS OUT.csv"""

import datetime
import random
import sys

rows, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(20260101)
channels = ["Paid Search", "Paid Social", "Display", "Email", "Affiliate"]
# Per channel: spend range, impressions per unit spent (Email: none), click rate, lead rate per click.
shape = {"Paid Search": (50, 900, 18, 0.035, 0.06), "Paid Social": (40, 700, 55, 0.012, 0.05),
         "Display": (30, 600, 120, 0.003, 0.04), "Email": (5, 60, 0, 0.0, 0.0), "Affiliate": (20, 400, 30, 0.01, 0.07)}
campaigns = [(channels[i % 5], f"Campaign {i:03d}") for i in range(200)]
start = datetime.date(2024, 1, 1)
days = 3 * 365 + 1
with open(out, "w", newline="") as f:
    f.write("date,channel,campaign,spend,impressions,clicks,leads,mqls,sqls,opportunities,customers,revenue\n")
    for i in range(rows):
        day = start + datetime.timedelta(days=i * days // rows)
        channel, campaign = campaigns[i % len(campaigns)]
        low, high, reach, ctr, lead_rate = shape[channel]
        spend = round(rng.uniform(low, high), 2)
        impressions = int(spend * reach * rng.uniform(0.7, 1.3))
        clicks = int(impressions * ctr * rng.uniform(0.6, 1.4)) if impressions else int(rng.uniform(20, 200))
        leads = int(clicks * (lead_rate or 0.08) * rng.uniform(0.5, 1.5))
        mqls = int(leads * rng.uniform(0.3, 0.7))
        sqls = int(mqls * rng.uniform(0.3, 0.6))
        opportunities = int(sqls * rng.uniform(0.5, 1.0))
        customers = int(opportunities * rng.uniform(0.1, 0.4))
        revenue = round(customers * rng.uniform(800, 4000), 2)
        f.write(f"{day.isoformat()},{channel},{campaign},{spend},{impressions},{clicks},{leads},{mqls},{sqls},"
                f"{opportunities},{customers},{revenue}\n")
