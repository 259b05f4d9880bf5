#!/usr/bin/env python3
"""Synthetic identification input the size of Russia: 45,000 schools x 3 years x 33 indicators,
with the indicator mix of the Khabarovsk template (min-max and threshold indicators, a results
index and a social index), three school groups, 2 % missing values.
With --russian it also writes data-ru.csv, the same table as Russian Excel saves it (UTF-8 BOM,
`;` between fields, decimal commas), and every fifth school gets a name with quotes and a `;`,
quoted in both files as Excel quotes it.
Usage: gen-identification-bench.py OUT_DIR [SCHOOLS] [--years N] [--russian]"""
import argparse
import json
import random
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("schools", nargs="?", type=int, default=45_000)
parser.add_argument("--years", type=int, default=3)
parser.add_argument("--russian", action="store_true")
args = parser.parse_args()
out = Path(args.out)
schools = args.schools
years = list(range(2022 - args.years, 2022))
out.mkdir(parents=True, exist_ok=True)
rng = random.Random(2026)

results = [f"r{i:02d}" for i in range(22)]
social = [f"s{i:02d}" for i in range(11)]
indicators = results + social


def name(s):
    if args.russian and s % 5 == 0:
        return '"МБОУ ""СОШ № %d""; филиал"' % s
    return f"Школа {s}"


plain = open(out / "data.csv", "w", encoding="utf-8")
russian = open(out / "data-ru.csv", "w", encoding="utf-8-sig") if args.russian else None
plain.write("school_id,year,group,name," + ",".join(indicators) + "\n")
if russian:
    russian.write("school_id;year;group;name;" + ";".join(indicators) + "\n")
for s in range(schools):
    group = ("secondary", "basic", "evening")[s % 3]
    for year in years:
        values = []
        for code in indicators:
            if rng.random() < 0.02:
                values.append("")
            elif code in ("r18", "r19", "r20", "r21"):
                values.append(str(rng.randint(-40, 40)))
            else:
                values.append(f"{rng.uniform(0, 100):.2f}")
        plain.write(f"{s:05d},{year},{group},{name(s)}," + ",".join(values) + "\n")
        if russian:
            cells = ";".join(v.replace(".", ",") for v in values)
            russian.write(f"{s:05d};{year};{group};{name(s)};{cells}\n")
plain.close()
if russian:
    russian.close()

def minmax(code, direction):
    return {"code": code, "normalization": "minmax", "direction": direction}

config = {
    "method": "index_bands",
    "title": "Бенчмарк: 45 000 школ",
    "window_years": args.years,
    "grouped": True,
    "indices": [
        {
            "code": "results", "orientation": "higher_is_better", "share": 0.25, "min_indicators": 5,
            "indicators": [minmax(c, "inverse" if i % 4 == 0 else "direct") for i, c in enumerate(results[:18])]
            + [{"code": c, "normalization": "threshold", "op": "lt", "value": -v, "direction": "inverse"}
               for c, v in zip(results[18:], (20, 4, 1, 1))],
        },
        {
            "code": "social", "orientation": "higher_is_worse", "share": 0.25, "min_indicators": 3,
            "indicators": [minmax(c, "direct") for c in social],
        },
    ],
    "statuses": [
        {"code": "low_results", "index": "results", "band": "worst", "rule": {"kind": "all_years"}},
        {"code": "risk", "index": "results", "band": "worst", "rule": {"kind": "last_years", "n": 2}, "exclude": ["low_results"]},
        {"code": "stable_high", "index": "results", "band": "best", "rule": {"kind": "all_years"}},
        {"code": "social", "index": "social", "band": "worst", "rule": {"kind": "at_least", "n": 2}},
    ],
}
(out / "config.json").write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
print(f"wrote {out}: data.csv{', data-ru.csv' if args.russian else ''} and config.json")
