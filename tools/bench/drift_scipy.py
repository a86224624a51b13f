#!/usr/bin/python3
"""SciPy's time for the statistics a drift report computed (tools/bench/drift-bench.mjs).

Usage: drift_scipy.py reference.csv current.csv tests.json
Loading the CSVs is not timed; the statistics are, on the same arrays the API compared
(missing and ±inf dropped). Prints one JSON line: {"seconds": ..., "maxRelativeDifference": ...}.
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance


def main() -> None:
    reference = pd.read_csv(sys.argv[1])
    current = pd.read_csv(sys.argv[2])
    with open(sys.argv[3]) as handle:
        tests = json.load(handle)
    columns = []
    for test in tests:
        ref = reference[test["column"]].replace([np.inf, -np.inf], np.nan).dropna()
        cur = current[test["column"]].replace([np.inf, -np.inf], np.nan).dropna()
        columns.append((test, ref.to_numpy(), cur.to_numpy()))

    started = time.perf_counter()
    worst = 0.0
    for test, ref, cur in columns:
        name = test["stattest"]
        if name == "wasserstein":
            value = stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)
        elif name == "ks":
            value = stats.ks_2samp(ref, cur).statistic
        elif name == "jensenshannon":
            keys = np.union1d(pd.unique(ref), pd.unique(cur))
            ref_counts = pd.Series(ref).value_counts().reindex(keys, fill_value=0).to_numpy()
            cur_counts = pd.Series(cur).value_counts().reindex(keys, fill_value=0).to_numpy()
            value = distance.jensenshannon(ref_counts / ref_counts.sum(), cur_counts / cur_counts.sum())
        elif name == "chisquare":
            keys = np.union1d(pd.unique(ref), pd.unique(cur))
            ref_counts = pd.Series(ref).value_counts().reindex(keys, fill_value=0).to_numpy()
            cur_counts = pd.Series(cur).value_counts().reindex(keys, fill_value=0).to_numpy()
            value = stats.chisquare(cur_counts, ref_counts / ref_counts.sum() * cur_counts.sum()).statistic
        else:
            continue
        if value != 0:
            worst = max(worst, abs(value - test["statistic"]) / abs(value))
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "maxRelativeDifference": worst}))


if __name__ == "__main__":
    main()
