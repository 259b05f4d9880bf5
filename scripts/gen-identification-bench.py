#!/usr/bin/env python3
"""Synthetic identification input the size of Russia: 45,000 schools x 3 years x 33 indicators,
with the indicator mix of the Khabarovsk template (min-max and threshold indicators, a results
index and a social index), three school groups, 2 % missing values.
Usage: gen-identification-bench.py OUT_DIR [SCHOOLS]"""
import json
import random
import sys
from pathlib import Path

out = Path(sys.argv[1])
schools = int(sys.argv[2]) if len(sys.argv) > 2 else 45_000
out.mkdir(parents=True, exist_ok=True)
rng = random.Random(2026)

results = [f"r{i:02d}" for i in range(22)]
social = [f"s{i:02d}" for i in range(11)]
indicators = results + social

with open(out / "data.csv", "w", encoding="utf-8") as f:
    f.write("school_id,year,group,name," + ",".join(indicators) + "\n")
    for s in range(schools):
        group = ("secondary", "basic", "evening")[s % 3]
        for year in (2019, 2020, 2021):
            values = []
            for code in indicators:
                if rng.random() < 0.02:
                    values.append("")
                elif code in ("r18", "r19", "r20", "r21"):
                    values.append(str(rng.randint(-40, 40)))
                else:
                    values.append(f"{rng.uniform(0, 100):.2f}")
            f.write(f"{s:05d},{year},{group},Школа {s}," + ",".join(values) + "\n")

def minmax(code, direction):
    return {"code": code, "normalization": "minmax", "direction": direction}

config = {
    "method": "index_bands",
    "title": "Бенчмарк: 45 000 школ",
    "window_years": 3,
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
print(f"wrote {out}/data.csv and {out}/config.json")
