#!/usr/bin/env python3
"""The `index_bands` method of the contract (shared/identification.md) in vectorised pandas: the
reference the benchmark compares `server identify` with (scripts/bench-identification.sh).
Reads the CSV as pandas detects it (`;` and decimal commas when the header has more `;`),
computes indices, bands and statuses, writes one JSON record per school-year and prints the
number of schools holding each status.
Usage: identification-pandas.py CONFIG.json DATA.csv OUT.json"""
import json
import sys

import numpy as np
import pandas as pd

config = json.load(open(sys.argv[1], encoding="utf-8"))
with open(sys.argv[2], encoding="utf-8-sig") as f:
    header = f.readline()
russian = header.count(";") > header.count(",")
df = pd.read_csv(
    sys.argv[2], sep=";" if russian else ",", decimal="," if russian else ".",
    encoding="utf-8-sig", dtype={"school_id": str, "group": str, "name": str},
)
window = sorted(df["year"].unique())[-config["window_years"]:]
df = df[df["year"].isin(window)].reset_index(drop=True)
keys = ["year", "group"] if config.get("grouped") else ["year"]
ops = {"lt": np.less, "le": np.less_equal, "gt": np.greater, "ge": np.greater_equal}
bands = {}
for index in config["indices"]:
    by = df.groupby(keys)
    total = pd.Series(0.0, index=df.index)
    weights = pd.Series(0.0, index=df.index)
    count = pd.Series(0, index=df.index)
    for ind in index["indicators"]:
        x = df[ind["code"]]
        if ind["normalization"] == "minmax":
            lo, hi = by[ind["code"]].transform("min"), by[ind["code"]].transform("max")
            value = (x - lo) if ind["direction"] == "direct" else (hi - x)
            value = (value / (hi - lo)).where(hi > lo)
        else:
            flag = ops[ind["op"]](x, ind["value"]).astype(float).where(x.notna())
            value = flag if ind["direction"] == "direct" else 1 - flag
        weight = ind.get("weight", 1)
        present = value.notna()
        total += value.fillna(0) * weight
        weights += present * weight
        count += present
    idx = (total / weights).where(count >= index.get("min_indicators", 1)).round(12)
    df[index["code"]] = idx
    n = idx.groupby([df[k] for k in keys]).transform("count")
    k = np.ceil(index["share"] * n - 1e-9)
    better_high = index["orientation"] == "higher_is_better"
    grouped = idx.groupby([df[k] for k in keys])
    worst = grouped.rank(method="min", ascending=better_high) <= k
    best = grouped.rank(method="min", ascending=not better_high) <= k
    band = np.select([worst & ~best, best & ~worst, idx.notna()], ["worst", "best", "middle"], None)
    df[index["code"] + "_band"] = band
    bands[index["code"]] = band

schools = pd.Index(sorted(df["school_id"].unique()))
held = {}
for status in config["statuses"]:
    in_band = pd.Series(bands[status["index"]] == status["band"], index=df.index)
    table = (
        pd.DataFrame({"school_id": df["school_id"], "year": df["year"], "in": in_band})
        .pivot(index="school_id", columns="year", values="in")
        .reindex(index=schools, columns=window)
        .fillna(False)
        .astype(bool)
    )
    rule = status["rule"]
    if rule["kind"] == "all_years":
        got = table.all(axis=1)
    elif rule["kind"] == "last_years":
        got = table[window[-rule["n"]:]].all(axis=1)
    else:
        got = table.sum(axis=1) >= rule["n"]
    for excluded in status.get("exclude", []):
        got &= ~held[excluded]
    held[status["code"]] = got

df.to_json(sys.argv[3], orient="records", force_ascii=False)
print(json.dumps({code: int(got.sum()) for code, got in held.items()}))
