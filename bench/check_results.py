#!/usr/bin/env python3
"""Compares a bench run's per-rule results with the answer gen_corpus.py wrote.

usage: check_results.py MANIFEST.json RESULTS.tsv

RESULTS.tsv is what report_to_tsv.py prints: a header line `rule count first last`, then one row
per pattern number, with '-' for a missing location. Prints each disagreeing rule and a summary;
exits 1 when any rule's count, first or last location differs from the manifest, else 0.
"""
import json
import sys


def read_results(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith(("rule\t", "#")) or not line.strip():
                continue
            rule, count, first, last = line.rstrip("\n").split("\t")
            out[int(rule)] = (int(count), None if first == "-" else first,
                              None if last == "-" else last)
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        want = {r["rule"]: r for r in json.load(f)["rules"]}
    got = read_results(sys.argv[2])
    wrong = 0
    for n, r in sorted(want.items()):
        expected = (r["expected_lines"], r["first"], r["last"])
        if got.get(n) != expected:
            wrong += 1
            print("rule %d /%s/: manifest %s, results %s" % (n, r["pattern"], expected, got.get(n)))
    firing = sum(1 for r in want.values() if r["expected_lines"])
    print("%s: %d/%d rules agree (%d fire)" % ("OK" if not wrong else "MISMATCH",
                                               len(want) - wrong, len(want), firing))
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
