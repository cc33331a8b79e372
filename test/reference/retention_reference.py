#!/usr/bin/env python3
"""Independent reference figures for the real-data tests, computed with Python's standard library only.

Nothing here shares code or SQL with Footfall: it reads the raw files line by line and applies SEMANTICS.md
literally. Run from the project root:  python3 test/reference/retention_reference.py
It writes test/fixtures/expected/*.json, which the unit and browser tests compare against.
"""
import csv
import datetime as dt
import gzip
import io
import json
import os
from collections import defaultdict

DATA = os.path.join(os.path.dirname(__file__), '..', 'fixtures', 'data')
OUT = os.path.join(os.path.dirname(__file__), '..', 'fixtures', 'expected')


def month_index(d):
    return d.year * 12 + d.month - 1


def month_start(i):
    return dt.date(i // 12, i % 12 + 1, 1)


def week_start(d):  # Monday
    return d - dt.timedelta(days=d.weekday())


def retention(first_by_user, activity, bucket, start_of, last_time, periods, step):
    """first_time retention, mode "on": cohort = bucket of the user's first event; cell k = users active in
    bucket cohort+k; a period whose start lies after the last event is unobserved (None)."""
    cohorts = defaultdict(set)
    for user, t in first_by_user.items():
        cohorts[bucket(t)].add(user)
    active = defaultdict(set)  # bucket -> users
    for user, times in activity.items():
        for t in times:
            active[bucket(t)].add(user)
    out = []
    for c in sorted(cohorts):
        users = cohorts[c]
        values = []
        for k in range(periods):
            b = step(c, k)
            if start_of(b) > last_time:
                values.append(None)
            else:
                values.append(len(users & active.get(b, set())))
        out.append({'cohort': start_of(c).strftime('%Y-%m-%d'), 'size': len(users), 'values': values})
    return out


def online_retail():
    path = os.path.join(DATA, 'online-retail', 'online_retail.csv.gz')
    with gzip.open(path, 'rt', encoding='utf-8', newline='') as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [tuple(r) for r in reader]
    col = {name: i for i, name in enumerate(header)}
    parse = lambda s: dt.datetime.strptime(s, '%Y-%m-%d %H:%M:%S')
    customers = {r[col['CustomerID']] for r in rows if r[col['CustomerID']] != ''}
    times = [parse(r[col['InvoiceDate']]) for r in rows]
    facts = {
        'rows': len(rows),
        'customers': len(customers),
        'guestRows': sum(1 for r in rows if r[col['CustomerID']] == ''),
        'first': min(times).isoformat(),
        'last': max(times).isoformat(),
    }
    # Retention input: exact duplicate lines dropped (first kept), then guests and non-positive quantity or
    # price filtered out (SEMANTICS: filters apply after dedupe).
    seen = set()
    kept = []
    for r in rows:
        if r in seen:
            continue
        seen.add(r)
        if r[col['CustomerID']] == '':
            continue
        if float(r[col['Quantity']]) <= 0 or float(r[col['UnitPrice']]) <= 0:
            continue
        kept.append(r)
    user = lambda r: str(int(float(r[col['CustomerID']])))
    activity = defaultdict(list)
    for r in kept:
        activity[user(r)].append(parse(r[col['InvoiceDate']]))
    first = {u: min(ts) for u, ts in activity.items()}
    last_time = max(t for ts in activity.values() for t in ts)
    monthly = retention(first, activity, lambda t: month_index(t), lambda i: dt.datetime.combine(month_start(i), dt.time()),
                        last_time, 13, lambda c, k: c + k)
    weekly = retention(first, activity, lambda t: week_start(t.date()), lambda d: dt.datetime.combine(d, dt.time()),
                       last_time, 8, lambda c, k: c + dt.timedelta(weeks=k))
    facts.update({
        'retentionRows': len(kept),
        'retentionUsers': len(activity),
        'monthly': {'period': 'month', 'cohorts': monthly},
        'weekly': {'period': 'week', 'cohorts': weekly},
    })
    return facts


def cdnow():
    path = os.path.join(DATA, 'cdnow', 'CDNOW_master.txt')
    activity = defaultdict(list)
    n = 0
    with open(path, encoding='utf-8') as f:
        for line in f:
            fields = line.split()
            if len(fields) != 4 or not fields[1].isdigit():
                continue  # the header line
            n += 1
            activity[fields[0]].append(dt.datetime.strptime(fields[1], '%Y%m%d'))
    first = {u: min(ts) for u, ts in activity.items()}
    last_time = max(t for ts in activity.values() for t in ts)
    monthly = retention(first, activity, lambda t: month_index(t), lambda i: dt.datetime.combine(month_start(i), dt.time()),
                        last_time, 18, lambda c, k: c + k)
    return {
        'rows': n,
        'customers': len(activity),
        'first': min(first.values()).isoformat(),
        'last': last_time.isoformat(),
        'monthly': {'period': 'month', 'cohorts': monthly},
    }


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    for name, fn in [('online-retail', online_retail), ('cdnow', cdnow)]:
        with open(os.path.join(OUT, name + '.json'), 'w') as f:
            json.dump(fn(), f, indent=1)
            f.write('\n')
        print('wrote', name)
