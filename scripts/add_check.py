#!/usr/bin/env python3
"""Adds a check: its file, its declaration, its registry line, a catalog stub and two cases.

    scripts/add_check.py NAME GROUP [--rule-id ID]

NAME is what the check proves, in snake_case (e.g. token_audience_listed); GROUP is the catalog
group (e.g. federated-credential), whose file rules/catalog/<group>.yaml gets the stub entry.
Writes:
  rules/checks/NAME.cc                     the check function and its CheckDef (a compiling skeleton)
  rules/checks/checks.h                    its declaration
  rules/checks/registry.cc                 its line in the table (last: move it to its priority)
  rules/catalog/<group>.yaml               a `kind: check` entry with the rule id
  fixtures/cases/<id>/                     positive case: input/ and an expected.json skeleton
  fixtures/cases/<id>-near-miss/           near-miss case: input/ and an expected.json skeleton
The rule id defaults to TODO_<NAME>; rename it everywhere it was written (or pass --rule-id).
Refuses to overwrite anything: when one target exists, nothing is written.
"""
import argparse
import json
import os
import re
import sys

HEADER_MARK = "// add_check.py: declarations above this line"
REGISTRY_MARK = "      // add_check.py: entries above this line"

CHECK_CC = """\
// {name}: TODO say what this check proves and which evidence it compares.
#include "rules/checks/checks.h"
#include "rules/checks/compare.h"

namespace wid {{
namespace {{

constexpr const char* kRule = "{rule_id}";

}}  // namespace

void check_{name}(const CheckContext& ctx, CheckRun& run) {{
  (void)ctx;
  // TODO compare the evidence in ctx.store (and ctx.symptoms through captured()); report each
  // subject with run.add(kRule, FindingStatus::kFail or kPass, subject) and fill only the values
  // the CheckDef below declares. Without the evidence, say what would provide it:
  run.needs.push_back("TODO: the command that saves the evidence this check reads");
  (void)kRule;
}}

const CheckDef {const_name}{{
    "{name}",
    {{"{rule_id}"}},
    {{}},  // reads: {{"LOG_RULE_ID", "capture"}} for each captured() read
    {{"subject"}},  // fills: every {{placeholder}} of the entry's detail and fix
    check_{name},
}};

}}  // namespace wid
"""

CATALOG_STUB = """
- id: {rule_id}
  group: {group}
  title: TODO one line saying what is wrong
  severity: error
  kind: check
  explain: >
    TODO what this means, why it breaks workload identity, and where the value comes from.
  detail: 'TODO {{subject}} is wrong.'
  fix:
    summary: TODO what to change.
    commands:
      - TODO a command with {{subject}} filled from the check's values and <NAME> left to the user
  docs:
    - TODO https://learn.microsoft.com/...
"""


def const_name(name):
    return "k" + "".join(w.capitalize() for w in name.split("_")) + "Check"


def case_name(rule_id):
    return rule_id.lower().replace("_", "-")


def expected(description, rule_id, positive):
    j = {"description": description, "now": "2026-11-28T12:00:00Z", "args": [],
         "exitCode": 3 if positive else 0,
         "findings": [{"ruleId": rule_id, "status": "fail", "subject": "TODO"}] if positive else [],
         "absent": [] if positive else [rule_id]}
    return json.dumps(j, indent=2) + "\n"


def insert_before(path, mark, text):
    with open(path) as f:
        s = f.read()
    if mark not in s:
        sys.exit(f"add_check.py: {path} has no line '{mark.strip()}'")
    with open(path, "w") as f:
        f.write(s.replace(mark, text + mark, 1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("name")
    ap.add_argument("group")
    ap.add_argument("--rule-id")
    ap.add_argument("--root", default=os.path.join(os.path.dirname(__file__), ".."))
    a = ap.parse_args()
    if not re.fullmatch(r"[a-z][a-z0-9_]*", a.name):
        sys.exit("add_check.py: NAME must be snake_case, e.g. token_audience_listed")
    rule_id = a.rule_id or "TODO_" + a.name.upper()
    if not re.fullmatch(r"[A-Z][A-Z0-9_]{0,63}", rule_id):
        sys.exit("add_check.py: the rule id must match [A-Z][A-Z0-9_]*")
    group = a.group.replace("_", "-")
    r = lambda *p: os.path.join(a.root, *p)
    check_cc = r("rules", "checks", a.name + ".cc")
    catalog = r("rules", "catalog", group.replace("-", "_") + ".yaml")
    cases = [r("fixtures", "cases", case_name(rule_id)),
             r("fixtures", "cases", case_name(rule_id) + "-near-miss")]
    clashes = [p for p in [check_cc] + cases if os.path.exists(p)]
    with open(r("rules", "checks", "checks.h")) as f:
        if f"check_{a.name}(" in f.read():
            clashes.append(r("rules", "checks", "checks.h") + f" (check_{a.name})")
    if os.path.exists(catalog):
        with open(catalog) as f:
            if re.search(rf"^- id: {rule_id}$", f.read(), re.M):
                clashes.append(f"{catalog} ({rule_id})")
    if clashes:
        sys.exit("add_check.py: refusing to overwrite:\n  " + "\n  ".join(clashes))

    with open(check_cc, "w") as f:
        f.write(CHECK_CC.format(name=a.name, rule_id=rule_id,
                                const_name=const_name(a.name)))
    insert_before(r("rules", "checks", "checks.h"), HEADER_MARK,
                  f"void check_{a.name}(const CheckContext& ctx, CheckRun& run);\n"
                  f"extern const CheckDef {const_name(a.name)};\n")
    insert_before(r("rules", "checks", "registry.cc"), REGISTRY_MARK,
                  f"      {const_name(a.name)},\n")
    with open(catalog, "a") as f:
        f.write(CATALOG_STUB.format(rule_id=rule_id, group=group))
    for case, positive in zip(cases, (True, False)):
        os.makedirs(os.path.join(case, "input"))
        what = "TODO the evidence that proves " if positive else "TODO the near miss of "
        with open(os.path.join(case, "expected.json"), "w") as f:
            f.write(expected(what + rule_id, rule_id, positive))
    print("\n".join([check_cc, r("rules", "checks", "checks.h"), r("rules", "checks", "registry.cc"),
                     catalog] + cases))


if __name__ == "__main__":
    main()
