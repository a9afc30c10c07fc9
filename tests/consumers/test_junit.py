"""The JUnit report read back by its real consumers: xmllint (libxml2-utils) for XML 1.0
well-formedness and Debian's python3-junitparser for the structure CI servers read.

For real golden cases, the built binary writes JUnit and JSON in one run; the counts in the XML
must equal what junitparser counts from the testcases and the JSON report's summary, every suite
must carry the attributes Jenkins requires (name, tests, failures, errors; plus skipped and time),
and testcase names must be unique within each suite (GitLab keeps only the first of duplicates).
A case whose log holds NUL, ESC, invalid UTF-8 and `]]>` in a captured value must still give a file
xmllint accepts.

Both consumers are installed by scripts/install-deps.sh test; a missing one fails the test rather
than skipping it, since either can always be installed.
"""
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import widtest  # noqa: E402

from junitparser import JUnitXml, TestSuite, Failure, Skipped, Error  # noqa: E402

# A scenario with many findings (failures and passes), cases with `unknown` findings, a near-miss,
# the healthy quickstart (passes only), and the XSS/terminal payload case.
CASES = [
    "scenario-jwks-stale-after-rotation",
    "scenario-issuer-trailing-slash",
    "scenario-healthy-quickstart",
    "aso-sa-fic-missing-wrong-issuer",
    "input-unreadable",
    "aadsts70021",
    "aadsts70021-near-miss",
    "report-xss-payloads",
]

# The binary exits 0, 3, 4 or 5 after writing its reports; anything else means it did not run.
RAN = {0, 3, 4, 5}


def xmllint():
    path = shutil.which("xmllint")
    if not path:
        raise AssertionError("xmllint not found: apt-get install libxml2-utils "
                             "(scripts/install-deps.sh test)")
    return path


def suites_of(xml):
    """JUnitXml.fromfile gives a JUnitXml for <testsuites> and a TestSuite for a lone suite."""
    return [xml] if isinstance(xml, TestSuite) else list(xml)


def results_of(case):
    """The kinds of result junitparser sees on a testcase, whatever its version returns."""
    result = case.result
    if result is None:
        return []
    return list(result) if isinstance(result, (list, tuple)) else [result]


class JunitConsumerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not widtest.BINARY.exists():
            widtest.skip(f"wi-doctor not built at {widtest.BINARY}")
        cls.tmp = tempfile.TemporaryDirectory(prefix="wid-junit-")
        cls.dir = pathlib.Path(cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def analyze(self, name, case_dir=None):
        out = self.dir / name
        out.mkdir(parents=True, exist_ok=True)
        junit, report = out / "report.xml", out / "report.json"
        outputs = {"junit": junit, "json": report}
        if case_dir is None:
            proc = widtest.analyze_case(name, outputs)
        else:
            exp = widtest.case_expected(name)
            argv = [str(widtest.BINARY), "analyze", str(case_dir), "--now", exp["now"], "-q"]
            argv += exp.get("args", [])
            for fmt, path in outputs.items():
                argv += ["-o", f"{fmt}={path}"]
            proc = subprocess.run(argv, capture_output=True, text=True, timeout=300)
        self.assertIn(proc.returncode, RAN, f"{name}: exit {proc.returncode}\n{proc.stderr}")
        self.assertTrue(junit.exists() and report.exists(), f"{name}: no reports\n{proc.stderr}")
        with open(report, encoding="utf-8") as f:
            return junit, json.load(f)

    def assert_well_formed(self, junit):
        lint = subprocess.run([xmllint(), "--noout", str(junit)], capture_output=True, text=True)
        self.assertEqual(lint.returncode, 0, f"xmllint rejected {junit}:\n{lint.stderr}")

    def assert_consistent(self, name, junit, report):
        xml = JUnitXml.fromfile(str(junit))
        summary = report["summary"]
        totals = {"tests": 0, "failures": 0, "skipped": 0, "errors": 0}
        for suite in suites_of(xml):
            # Jenkins (xunit) requires these; skipped and time complete what GitLab reads.
            for attr in ("name", "tests", "failures", "errors", "skipped", "time"):
                self.assertIsNotNone(suite._elem.get(attr), f"{name}: suite without @{attr}")
            cases = list(suite)
            counted = {
                "tests": len(cases),
                "failures": sum(any(isinstance(r, Failure) for r in results_of(c)) for c in cases),
                "skipped": sum(any(isinstance(r, Skipped) for r in results_of(c)) for c in cases),
                "errors": sum(any(isinstance(r, Error) for r in results_of(c)) for c in cases),
            }
            declared = {k: int(suite._elem.get(k)) for k in counted}
            self.assertEqual(declared, counted, f"{name}: suite {suite.name} declares other counts")
            for k in totals:
                totals[k] += counted[k]
            names = [c.name for c in cases]
            self.assertEqual(len(names), len(set(names)),
                             f"{name}: duplicate testcase names in suite {suite.name}")
            for c in cases:
                self.assertTrue(c.name and c.classname, f"{name}: testcase without name/classname")
                self.assertEqual(c._elem.get("time"), "0.000")
        expected = {"tests": summary["total"], "failures": summary["fail"],
                    "skipped": summary["unknown"], "errors": 0}
        self.assertEqual(totals, expected, f"{name}: suites do not add up to the JSON summary")
        if not isinstance(xml, TestSuite):
            root = {k: int(xml._elem.get(k)) for k in expected}
            self.assertEqual(root, expected, f"{name}: <testsuites> counts differ from the summary")
            self.assertEqual(xml._elem.get("name"), "wi-doctor")
        # One suite per rule group (a finding without one goes to "other"); a group holding
        # control characters is named in its visible form, so only the count is compared there.
        groups = sorted({f.get("group") or "other" for f in report["findings"]})
        if groups:
            names = sorted(s.name for s in suites_of(xml))
            self.assertEqual(len(names), len(groups), name)
            if all(g.isprintable() for g in groups):
                self.assertEqual(names, groups, name)
        return xml

    def test_real_cases(self):
        seen = {"fail": 0, "unknown": 0, "pass": 0}
        for name in CASES:
            with self.subTest(case=name):
                junit, report = self.analyze(name)
                self.assert_well_formed(junit)
                self.assert_consistent(name, junit, report)
                for k in seen:
                    seen[k] += report["summary"][k]
        # The chosen cases cover every mapping: failure, skipped and plain pass.
        self.assertTrue(all(seen.values()), f"cases do not cover fail/unknown/pass: {seen}")

    def test_fail_unknown_and_pass_map_to_failure_skipped_and_plain(self):
        junit, report = self.analyze("aadsts70021")
        xml = JUnitXml.fromfile(str(junit))
        by_fingerprint = {}
        for suite in suites_of(xml):
            for case in suite:
                out = case.system_out or ""
                fp = out.split("\n", 1)[0].removeprefix("fingerprint: ") if out else None
                by_fingerprint[fp] = case
        for f in report["findings"]:
            if f["status"] == "pass":
                continue
            case = by_fingerprint.get(f["fingerprint"])
            self.assertIsNotNone(case, f"no testcase carries fingerprint {f['fingerprint']}")
            results = results_of(case)
            self.assertEqual(len(results), 1)
            result = results[0]
            if f["status"] == "fail":
                self.assertIsInstance(result, Failure)
                self.assertEqual(result.type, f["severity"])
                self.assertIn(f["ruleId"], result.text)  # the body, not only @message (GitLab)
                for cmd in f.get("fix", {}).get("commands", []):
                    self.assertIn(cmd.replace("\n", "\\x0a"), result.text)
            else:
                self.assertIsInstance(result, Skipped)
                for need in f.get("needs", []):
                    self.assertIn(need, result.message + result.text)

    def test_hostile_log_values_stay_well_formed(self):
        src = widtest.CASES / "aadsts70021" / "input"
        case_dir = self.dir / "hostile-input"
        shutil.copytree(src, case_dir)
        log = next(case_dir.rglob("*.log"))
        # Captured: a raw ESC, a Go-quoted one (as klog writes it), U+FFFE, `]]>` and markup.
        # Invalid UTF-8 sits in the same record but outside the captures (a capture cannot hold
        # it: the scanner's patterns do not match across invalid bytes). A NUL byte would make the
        # whole file binary (INPUT_UNREADABLE); the report test below carries NUL instead.
        hostile = (b"ESC\x1b[31m QESC\\x1b[32m FFFE\xef\xbf\xbe CDATA]]> "
                   b"</testcase><img src=x onerror=alert(1)>")
        line = (b"E1127 11:59:07.893319       1 controller.go:329] \"Reconciler error\" "
                b"err=\"AADSTS70021: No matching federated identity record found for presented "
                b"assertion. Assertion Issuer: 'https://evil.example/" + hostile + b"/'. "
                b"Assertion Subject: 'system:serviceaccount:capz-system:" + hostile + b"'. "
                b"Assertion Audience: 'api://AzureADTokenExchange'. BAD\xc3\x28\xff\xfe\"\n")
        with open(log, "ab") as f:
            f.write(line)
        junit, report = self.analyze("aadsts70021", case_dir=case_dir)
        # The hostile values were captured (so the XML had something to escape).
        subjects = [f["subject"] for f in report["findings"]]
        self.assertTrue(any("CDATA]]>" in s and "\x1b[31m" in s and "\ufffe" in s
                            for s in subjects), subjects)
        self.assertIn("\ufffd", json.dumps(report["findings"], ensure_ascii=False))
        self.assert_hostile_junit(junit, report)

    def test_hostile_report_values_stay_well_formed(self):
        # `wi-doctor report` re-renders any JSON report, hand-edited ones included: there a NUL,
        # C0/C1 controls and noncharacters can reach every field.
        _, report = self.analyze("report-xss-payloads")
        hostile = ("NUL\x00 ESC\x1b[31m C1\x9b FFFE\ufffe FFFF\uffff CDATA]]> "
                   "</testcase><img src=x onerror=alert(1)> & \"q\" 'a'")
        for f in report["findings"]:
            for key in ("ruleId", "title", "subject", "detail", "group"):
                f[key] = f.get(key, "") + hostile
            f.setdefault("samples", []).append({"path": "logs/x.log", "line": 1, "text": hostile})
            f.setdefault("fix", {}).setdefault("commands", []).append("echo " + hostile)
        report["tool"]["version"] = hostile
        edited = self.dir / "hostile-report.json"
        edited.write_text(json.dumps(report), encoding="utf-8")
        junit = self.dir / "hostile-report.xml"
        proc = widtest.render_report(edited, {"junit": junit, "json": self.dir / "rt.json"})
        self.assertIn(proc.returncode, RAN, proc.stderr)
        with open(self.dir / "rt.json", encoding="utf-8") as f:
            self.assert_hostile_junit(junit, json.load(f))

    def assert_hostile_junit(self, junit, report):
        self.assert_well_formed(junit)
        xml = self.assert_consistent("hostile", junit, report)
        raw = junit.read_bytes()
        for bad in (b"]]>", b"\x00", b"\x1b", b"\xc2\x9b", b"\xef\xbf\xbe", b"<img"):
            self.assertNotIn(bad, raw)
        # junitparser reads the escaped text back as text, made visible, not dropped.
        texts = "".join((r.text or "") + (r.message or "")
                        for s in suites_of(xml) for c in s for r in results_of(c))
        self.assertIn("CDATA]]>", texts)
        self.assertIn("<img src=x onerror=alert(1)>", texts)
        self.assertIn("ESC\\x1b[31m", texts)
        self.assertIn("\\u{fffe}", texts)


if __name__ == "__main__":
    unittest.main()
