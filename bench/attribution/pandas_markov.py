"""First-order Markov attribution (removal effect) with pandas and numpy, from
the same paths CSV that kpilot reads, the way an analyst writes it: explode the
paths into touches, collapse consecutive repeats, count transitions, and solve
the absorbing chain with numpy.linalg.solve once for the full chain and once per
channel removed. Writes channel, attributed conversions and value, removal effect.

    python3 pandas_markov.py PATHS.csv OUT.csv
"""
import sys

import numpy as np
import pandas as pd


def conversion_probability(q, to_conversion, keep):
    """P(conversion from the start state 0) with the states not in `keep` lost to null."""
    kept = np.flatnonzero(keep)
    system = np.eye(len(kept)) - q[np.ix_(kept, kept)]
    x = np.linalg.solve(system, to_conversion[kept])
    return x[0]


def main(paths_csv, out_csv):
    df = pd.read_csv(paths_csv, usecols=["path", "conversions", "value", "nulls"])
    journeys = (df["conversions"] + df["nulls"]).to_numpy(dtype=float)
    touches = df["path"].str.split(">").explode().str.strip()
    path_id = touches.index.to_numpy()
    codes, channels = pd.factorize(touches.to_numpy())
    codes = codes + 1  # state 0 is the start
    # Consecutive repeats of a channel within a path are one state visit.
    same_as_before = np.r_[False, (path_id[1:] == path_id[:-1]) & (codes[1:] == codes[:-1])]
    path_id, codes = path_id[~same_as_before], codes[~same_as_before]
    first = np.r_[True, path_id[1:] != path_id[:-1]]
    last = np.r_[path_id[1:] != path_id[:-1], True]

    states = len(channels) + 1
    counts = np.zeros((states, states))
    previous = np.where(first, 0, np.r_[0, codes[:-1]])
    np.add.at(counts, (previous, codes), journeys[path_id])
    to_conversion = np.zeros(states)
    to_null = np.zeros(states)
    np.add.at(to_conversion, codes[last], df["conversions"].to_numpy(dtype=float)[path_id[last]])
    np.add.at(to_null, codes[last], df["nulls"].to_numpy(dtype=float)[path_id[last]])
    leaving = counts.sum(axis=1) + to_conversion + to_null
    leaving[leaving == 0] = 1.0
    q = counts / leaving[:, None]
    to_conversion = to_conversion / leaving

    everything = np.ones(states, dtype=bool)
    full = conversion_probability(q, to_conversion, everything)
    effects = np.empty(len(channels))
    for c in range(len(channels)):
        keep = everything.copy()
        keep[c + 1] = False
        effects[c] = max(0.0, 1.0 - conversion_probability(q, to_conversion, keep) / full)
    share = effects / effects.sum()
    result = pd.DataFrame({
        "channel": channels,
        "attributed_conversions": share * df["conversions"].sum(),
        "attributed_value": share * df["value"].sum(),
        "removal_effect": effects,
    })
    result.sort_values("channel").to_csv(out_csv, index=False, float_format="%.17g")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: pandas_markov.py PATHS.csv OUT.csv")
    main(sys.argv[1], sys.argv[2])
