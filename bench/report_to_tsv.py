#!/usr/bin/env python3
"""Turn a wi-doctor JSON report of a bench run into the TSV check_results.py reads.

usage: report_to_tsv.py REPORT.json MANIFEST.json > RESULTS.tsv

The bench rules are P001, P002, ... (bench/patterns_to_rules.py; P-number = line of patterns.txt).
A rule may have several findings (one per log component or subject): counts are summed, `first`
is the smallest and `last` the largest location in (path, line) order, paths sorted as strings,
which is the order gen_corpus.py's manifest uses. Every rule of the manifest gets a row, with
count 0 and '-' locations when wi-doctor reported nothing for it.
"""
import json
import re
import sys


def loc(ref):
    if not ref or not ref.get("path"):
        return None
    return (ref["path"], int(ref.get("line") or 0))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    report = json.load(open(sys.argv[1]))
    manifest = json.load(open(sys.argv[2]))
    agg = {}
    for f in report.get("findings", []):
        m = re.fullmatch(r"P(\d+)", f.get("ruleId", ""))
        if not m:
            continue
        n = int(m.group(1))
        a = agg.setdefault(n, {"count": 0, "first": None, "last": None})
        a["count"] += int(f.get("count") or 0)
        first, last = loc(f.get("first")), loc(f.get("last"))
        if first and (a["first"] is None or first < a["first"]):
            a["first"] = first
        if last and (a["last"] is None or last > a["last"]):
            a["last"] = last
    print("rule\tcount\tfirst\tlast")
    for r in manifest["rules"]:
        a = agg.get(r["rule"], {"count": 0, "first": None, "last": None})
        fmt = lambda l: "-" if l is None else "%s:%d" % l
        print("%d\t%d\t%s\t%s" % (r["rule"], a["count"], fmt(a["first"]), fmt(a["last"])))


if __name__ == "__main__":
    main()
