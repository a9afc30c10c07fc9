"""Shared by the consumer tests: run the built wi-doctor on a golden case and collect its outputs.

ctest sets WID_BINARY and WID_SOURCE_DIR (CMakeLists.txt); run by hand, the defaults point at
./build. Exit code 77 tells ctest a test was skipped (SKIP_RETURN_CODE), with the reason on stderr.
"""
import json
import os
import pathlib
import subprocess
import sys

SOURCE_DIR = pathlib.Path(os.environ.get("WID_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
BINARY = pathlib.Path(os.environ.get("WID_BINARY", SOURCE_DIR / "build" / "wi-doctor"))
CASES = SOURCE_DIR / "fixtures" / "cases"
SKIP = 77


def case_expected(name):
    with open(CASES / name / "expected.json", encoding="utf-8") as f:
        return json.load(f)


def analyze_case(name, outputs, extra_args=(), quiet=True):
    """Analyzes fixtures/cases/<name>/input as the golden runner does (its `now` and `args`),
    writing each FORMAT=PATH in `outputs` (a dict). Returns the CompletedProcess."""
    exp = case_expected(name)
    argv = [str(BINARY), "analyze", str(CASES / name / "input"), "--now", exp["now"]]
    if quiet:
        argv.append("-q")
    argv += exp.get("args", [])
    for fmt, path in outputs.items():
        argv += ["-o", f"{fmt}={path}"]
    argv += list(extra_args)
    return subprocess.run(argv, capture_output=True, text=True, timeout=300)


def render_report(report_json, outputs, extra_args=()):
    """`wi-doctor report REPORT.json -o FORMAT=PATH ...`; returns the CompletedProcess."""
    argv = [str(BINARY), "report", str(report_json)]
    for fmt, path in outputs.items():
        argv += ["-o", f"{fmt}={path}"]
    argv += list(extra_args)
    return subprocess.run(argv, capture_output=True, text=True, timeout=300)


def skip(reason):
    print(f"SKIPPED: {reason}", file=sys.stderr)
    sys.exit(SKIP)
