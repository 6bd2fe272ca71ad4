#!/usr/bin/env python3
"""Writes the sample exports in samples/*/data.csv, deterministically (fixed seed).

Run it again only to change the samples; the files are checked in so that a
fresh checkout needs no Python.
"""
import csv
import datetime
import random
from pathlib import Path

HERE = Path(__file__).parent
random.seed(20260701)
START = datetime.date(2026, 4, 1)
DAYS = 183  # April to September 2026

def days():
    for offset in range(DAYS):
        yield START + datetime.timedelta(days=offset)

def advance(count, rate):
    """How many of `count` move to the next funnel stage, each with probability `rate`."""
    return sum(1 for _ in range(count) if random.random() < rate)

def marketing():
    channels = {
        "Paid Search": dict(spend=(280, 420), impressions=(5500, 8000), ctr=(0.028, 0.04), lead=(0.05, 0.08)),
        "Paid Social": dict(spend=(180, 300), impressions=(9000, 14000), ctr=(0.008, 0.014), lead=(0.04, 0.07)),
        "Display": dict(spend=(90, 160), impressions=(15000, 24000), ctr=(0.002, 0.004), lead=(0.03, 0.05)),
        "Email": dict(spend=(20, 45), impressions=(0, 0), ctr=(0, 0), lead=(0, 0)),
    }
    campaigns = {"Paid Search": ["Brand", "Generic"], "Paid Social": ["Prospecting", "Retargeting"],
                 "Display": ["Awareness"], "Email": ["Newsletter", "Nurture"]}
    rows = []
    for day in days():
        weekend = day.weekday() >= 5
        for channel, c in channels.items():
            for campaign in campaigns[channel]:
                spend = round(random.uniform(*c["spend"]) * (0.6 if weekend else 1.0), 2)
                if channel == "Email":
                    impressions = clicks = 0
                    leads = random.randint(2, 9) if not weekend else random.randint(0, 2)
                else:
                    impressions = int(random.uniform(*c["impressions"]) * (0.7 if weekend else 1.0))
                    clicks = int(impressions * random.uniform(*c["ctr"]))
                    leads = int(clicks * random.uniform(*c["lead"]))
                mqls = advance(leads, 0.55)
                sqls = advance(mqls, 0.45)
                opportunities = advance(sqls, 0.7)
                customers = advance(opportunities, 0.3)
                revenue = round(sum(random.uniform(1200, 3200) for _ in range(customers)), 2)
                rows.append([day.isoformat(), channel, campaign, spend, impressions or "", clicks or "", leads, mqls,
                             sqls, opportunities, customers, revenue])
    # One row as exports really have them: a spend typed as text, to be rejected and reported.
    rows.insert(137, [START.isoformat(), "Display", "Awareness", "n/a", 18000, 50, 2, 1, 0, 0, 0, 0])
    write(HERE / "marketing" / "data.csv",
          ["date", "channel", "campaign", "spend", "impressions", "clicks", "leads", "mqls", "sqls", "opportunities",
           "customers", "revenue"], rows)

def sales():
    rows = []
    regions = ["North", "South", "West"]
    sources = ["Inbound", "Outbound", "Partner"]
    for n in range(1, 601):
        created = START + datetime.timedelta(days=random.randint(0, DAYS - 1))
        source = random.choice(sources)
        cycle = max(7, int(random.gauss(45 if source != "Partner" else 60, 15)))
        closed = created + datetime.timedelta(days=cycle)
        win_chance = {"Inbound": 0.32, "Outbound": 0.18, "Partner": 0.4}[source]
        if closed > START + datetime.timedelta(days=DAYS - 1):
            stage, closed_text = "open", ""
        else:
            stage = "won" if random.random() < win_chance else "lost"
            closed_text = closed.isoformat()
        amount = round(random.lognormvariate(9.3, 0.5), 2)
        rows.append([f"OPP-{n:04d}", created.isoformat(), closed_text, stage, source, random.choice(regions), amount,
                     cycle if stage != "open" else ""])
    write(HERE / "sales" / "data.csv",
          ["opportunity_id", "created_date", "closed_date", "stage", "source", "region", "amount", "cycle_days"], rows)

def satisfaction():
    rows = []
    for day in days():
        for touchpoint, mood in (("Support", 0.0), ("Onboarding", 0.6), ("Billing", -0.8)):
            for _ in range(random.randint(1, 6)):
                base = random.gauss(7.6 + mood, 2.0)
                nps = min(10, max(0, round(base)))
                csat = min(5, max(1, round(1 + (base / 10) * 4 + random.gauss(0, 0.5))))
                ces = min(7, max(1, round(1 + (base / 10) * 6 + random.gauss(0, 0.7))))
                skipped = random.random() < 0.05
                rows.append([day.isoformat(), touchpoint, nps, "" if skipped else csat, ces])
    write(HERE / "satisfaction" / "data.csv", ["date", "touchpoint", "nps_score", "csat_score", "ces_score"], rows)

def write(path, header, rows):
    with open(path, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)

def attribution():
    """Journeys across channels: raw touchpoints (with lead and opportunity
    stages) and a paths export as marketing tools aggregate them."""
    rng = random.Random(20261126)
    channels = ["Paid Search", "Paid Social", "Display", "Email", "Organic", "Direct"]
    lift = {"Paid Search": 0.10, "Paid Social": 0.04, "Display": 0.02, "Email": 0.08, "Organic": 0.06, "Direct": 0.03}

    def journey():
        length = rng.choice([1, 1, 2, 2, 2, 3, 3, 4, 5, 6])
        touches = [rng.choices(channels, weights=[5, 4, 4, 3, 3, 2])[0] for _ in range(length)]
        p = min(0.9, 0.05 + sum(lift[c] for c in set(touches)))
        return touches, rng.random() < p

    rows = []
    start = datetime.datetime(2026, 4, 1, 8, 0)
    for j in range(1, 401):
        touches, converted = journey()
        when = start + datetime.timedelta(days=rng.randint(0, 150), minutes=rng.randint(0, 600))
        # Leads and opportunities come late in a journey, inside the 30-day lookback.
        lead_at = rng.randrange(max(0, len(touches) - 2), len(touches)) if converted else None
        opportunity_at = rng.randrange(lead_at, len(touches)) if converted else None
        value = rng.choice([800, 1200, 2500, 4000, 6500]) if converted else ""
        for k, channel in enumerate(touches):
            last = k == len(touches) - 1
            stage = "lead" if k == lead_at else ""
            if k == opportunity_at:
                stage = "lead+opportunity" if stage else "opportunity"
            rows.append([f"J{j:04d}", when.isoformat(timespec="minutes"), channel,
                         1 if converted and last else 0, value if converted and last else "", stage])
            when += datetime.timedelta(days=rng.randint(0, 9), hours=rng.randint(0, 12))
    write(HERE / "attribution" / "touchpoints.csv",
          ["journey_id", "timestamp", "channel", "converted", "value", "stage"], rows)

    paths = {}
    for _ in range(6000):
        touches, converted = journey()
        key = " > ".join(touches)
        entry = paths.setdefault(key, [0, 0, 0])
        if converted:
            entry[0] += 1
            entry[1] += rng.choice([800, 1200, 2500, 4000, 6500])
        else:
            entry[2] += 1
    rows = [[path, c, v, n] for path, (c, v, n) in sorted(paths.items())]
    write(HERE / "attribution" / "paths.csv", ["path", "conversions", "value", "nulls"], rows)

marketing()
sales()
satisfaction()
attribution()
