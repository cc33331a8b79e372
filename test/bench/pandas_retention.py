"""What an analyst would write instead of Footfall (issue 14's benchmark): pandas loads a PostHog-style CSV
and computes weekly first-time retention, as SEMANTICS §2 defines it with the dataset defaults of §1
(times in UTC, weeks starting on Monday, events deduplicated by `uuid`, keeping the first). It shares no
code with the engine, so its table checks ours too (run.ts compares them).

usage: python3 test/bench/pandas_retention.py events.csv [runs]
prints one JSON line: {"runs_ms": [...], "pandas": version, "cohorts": [{cohort, size, values}]}
(ms per run: read_csv through the finished table, Python's start and imports excluded).
"""

import json
import sys
import time

import pandas as pd

PERIODS = 12


def weekly_retention(path):
    # The whole file with default options, as Footfall loads every column.
    events = pd.read_csv(path)
    events = events.drop_duplicates("uuid", keep="first")
    ts = pd.to_datetime(events["timestamp"], utc=True)
    # The Monday 00:00 UTC that starts each event's week.
    day = ts.dt.floor("D")
    week = (day - pd.to_timedelta(day.dt.weekday, unit="D")).dt.tz_localize(None)
    frame = pd.DataFrame({"user": events["distinct_id"].astype(str).to_numpy(), "week": week.to_numpy()})
    cohort = frame.groupby("user")["week"].min().rename("cohort")
    frame = frame.join(cohort, on="user")
    frame["k"] = (frame["week"] - frame["cohort"]).dt.days // 7
    frame = frame[frame["k"] < PERIODS]
    counts = frame.drop_duplicates(["user", "k"]).groupby(["cohort", "k"]).size()
    last_week = week.max()
    out = []
    for c in sorted(cohort.unique()):
        values = []
        for k in range(PERIODS):
            start = c + pd.Timedelta(weeks=k)
            # A period that starts after the last event is unobserved (SEMANTICS §2): null, not 0.
            values.append(None if start > last_week else int(counts.get((c, k), 0)))
        out.append({"cohort": pd.Timestamp(c).strftime("%Y-%m-%d"), "size": values[0], "values": values})
    return out


def main():
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    times = []
    cohorts = None
    for _ in range(runs):
        t = time.perf_counter()
        cohorts = weekly_retention(path)
        times.append((time.perf_counter() - t) * 1000)
    print(json.dumps({"runs_ms": times, "pandas": pd.__version__, "cohorts": cohorts}))


if __name__ == "__main__":
    main()
