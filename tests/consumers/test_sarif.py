"""SARIF output handed to its real consumer: Microsoft's SARIF Multitool (npm, pinned in
tests/consumers/package.json and package-lock.json) validates real cases twice, with its default
rules (the 2.1.0 schema and the SARIF rules) and with `--rule-kind Gh` (GitHub code scanning's
ingestion rules). The Multitool exits 0 even when it finds errors, so the test reads its --output
file and fails on any result whose level is "error".

Also: the file is valid UTF-8 JSON, every uri is relative (no local path or host, reliability.md
S20), `--source-root` locates a result at the user's manifest, the 5,000-result cap holds and still
validates, and `wi-doctor report` re-renders the same bytes from the JSON report.
"""
import copy
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import widtest  # noqa: E402

MULTITOOL = widtest.SOURCE_DIR / "tests" / "consumers" / "node_modules" / ".bin" / "sarif-multitool"

# (case, --source-root relative to the case dir, or None). A single log symptom; the scenario with
# the most findings; one with unknown findings; one whose input holds a kind config, with the case
# dir as the repository (location (a) for every input); one with only the static-pod manifest in
# the repository, so its finding sits at the manifest's line and the log symptom stays in the
# bundle.
CASES = [
    ("aadsts70021", None),
    ("scenario-token-not-reread", None),
    ("aadsts700027", None),
    ("scenario-issuer-trailing-slash", "."),
    ("scenario-issuer-kubeadm-default", "input/cluster"),
]


def validate(sarif_path, out_path, extra=()):
    """Runs `sarif-multitool validate` and returns (errors, others) read from its --output file."""
    if out_path.exists():
        out_path.unlink()  # validate has no --force and will not overwrite
    proc = subprocess.run(
        [str(MULTITOOL), "validate", str(sarif_path), *extra, "--output", str(out_path)],
        capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not out_path.exists():
        raise AssertionError(
            f"sarif-multitool validate {' '.join(extra)} did not run (exit {proc.returncode}):\n"
            f"{proc.stdout}\n{proc.stderr}")
    with open(out_path, encoding="utf-8") as f:
        log = json.load(f)
    errors, others = [], []
    for run in log.get("runs", []):
        templates = {r.get("id"): r.get("messageStrings", {})
                     for r in run.get("tool", {}).get("driver", {}).get("rules", [])}
        for res in run.get("results", []):
            msg = res.get("message", {})
            text = msg.get("text") or templates.get(res.get("ruleId"), {}).get(
                msg.get("id"), {}).get("text", msg.get("id", ""))
            for i, arg in enumerate(msg.get("arguments", [])):
                text = text.replace("{" + str(i) + "}", str(arg))
            line = f"{res.get('ruleId')}: {text}"
            (errors if res.get("level") == "error" else others).append(line)
        for inv in run.get("invocations", []):
            # A validator rule that crashed, or a file it could not read, is no pass either.
            notes = (inv.get("toolExecutionNotifications", [])
                     + inv.get("toolConfigurationNotifications", []))
            errors += [f"notification: {n.get('message', {}).get('text', '')}"
                       for n in notes if n.get("level") == "error"]
    return errors, others


def artifact(result):
    return result["locations"][0]["physicalLocation"]["artifactLocation"]


class SarifConsumerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not widtest.BINARY.exists():
            widtest.skip(f"{widtest.BINARY} is not built")
        if not os.access(MULTITOOL, os.X_OK):
            # Not a skip: `make test` installs it, so a missing validator is a broken setup.
            raise AssertionError(
                f"{MULTITOOL} is missing: run scripts/install-deps.sh (it runs `npm ci` in "
                "tests/consumers) to install the pinned @microsoft/sarif-multitool")
        cls.tmp = tempfile.TemporaryDirectory(prefix="wid-sarif-")
        cls.dir = pathlib.Path(cls.tmp.name)
        cls.outputs = {}
        for case, root in CASES:
            sarif, report = cls.dir / f"{case}.sarif", cls.dir / f"{case}.json"
            extra = ["--source-root", str(widtest.CASES / case / root)] if root else []
            proc = widtest.analyze_case(case, {"sarif": sarif, "json": report}, extra)
            if proc.returncode not in (0, 3, 4, 5) or not sarif.exists():
                raise AssertionError(f"analyze {case} failed ({proc.returncode}):\n{proc.stderr}")
            cls.outputs[case] = (sarif, report)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def load(self, sarif):
        return json.loads(sarif.read_bytes().decode("utf-8"))  # raises on invalid UTF-8

    def assert_validates(self, name, sarif):
        for kind, extra in (("default", ()), ("Gh", ("--rule-kind", "Gh"))):
            errors, others = validate(sarif, self.dir / f"{name}.{kind}.validation.sarif", extra)
            if others:
                print(f"{name} [{kind}] validator warnings:\n  " + "\n  ".join(others),
                      file=sys.stderr)
            self.assertEqual(errors, [],
                             f"{name} [{kind}] validator errors:\n  " + "\n  ".join(errors))

    def test_cases_validate_with_default_and_github_rules(self):
        for case, _ in CASES:
            with self.subTest(case=case):
                self.assert_validates(case, self.outputs[case][0])

    def test_structure_and_relative_uris(self):
        for case, _ in CASES:
            with self.subTest(case=case):
                sarif, report = self.outputs[case]
                log = self.load(sarif)
                self.assertEqual(log["version"], "2.1.0")
                run = log["runs"][0]
                rules = run["tool"]["driver"]["rules"]
                ids = [r["id"] for r in rules]
                self.assertEqual(ids, sorted(set(ids)))
                findings = json.loads(report.read_text(encoding="utf-8"))["findings"]
                self.assertIsInstance(run["results"], list)
                self.assertEqual(len(run["results"]),
                                 len([f for f in findings if f["status"] != "pass"]))
                fingerprints = {f["fingerprint"] for f in findings}
                for res in run["results"]:
                    self.assertEqual(rules[res["ruleIndex"]]["id"], res["ruleId"])
                    self.assertIn(res["partialFingerprints"]["wiDoctorFinding/v1"], fingerprints)
                    uri = artifact(res)["uri"]
                    self.assertFalse(uri.startswith("/") or "://" in uri or ".." in uri, uri)
                    self.assertGreaterEqual(
                        res["locations"][0]["physicalLocation"]["region"]["startLine"], 1)
                # No local directory anywhere in the file, --source-root's included.
                self.assertNotIn(str(widtest.SOURCE_DIR), sarif.read_text(encoding="utf-8"))

    def test_unknown_findings_are_open_with_level_none(self):
        results = self.load(self.outputs["aadsts700027"][0])["runs"][0]["results"]
        unknown = [r for r in results if r.get("kind") == "open"]
        self.assertTrue(unknown, "aadsts700027 has unknown findings")
        for r in unknown:
            self.assertEqual(r["level"], "none")

    def test_source_root_locates_at_the_manifest(self):
        case = "scenario-issuer-trailing-slash"
        results = self.load(self.outputs[case][0])["runs"][0]["results"]
        self.assertTrue(results)
        for r in results:
            art = artifact(r)
            self.assertEqual(art["uriBaseId"], "%SRCROOT%", art)
            self.assertTrue(art["uri"].startswith("input/"), art)  # relative to the case dir
            self.assertTrue((widtest.CASES / case / art["uri"]).is_file(), art)

        # Only the apiserver manifest is in the "repository": its finding sits at the flag's
        # line there; the log symptom stays in the bundle.
        case = "scenario-issuer-kubeadm-default"
        results = self.load(self.outputs[case][0])["runs"][0]["results"]
        by_rule = {r["ruleId"]: r["locations"][0]["physicalLocation"] for r in results}
        repo = by_rule["ISSUER_DEFAULT_NOT_PUBLIC"]
        self.assertEqual(repo["artifactLocation"],
                         {"uri": "kube-apiserver.yaml", "uriBaseId": "%SRCROOT%"})
        manifest = (widtest.CASES / case / "input/cluster/kube-apiserver.yaml").read_text()
        line = manifest.splitlines()[repo["region"]["startLine"] - 1]
        self.assertIn("--service-account-issuer", line)
        self.assertEqual(by_rule["AADSTS700211"]["artifactLocation"]["uriBaseId"], "BUNDLEROOT")
        self.assertTrue(by_rule["AADSTS700211"]["artifactLocation"]["uri"].startswith("logs/"))

    def test_report_rerenders_the_same_sarif(self):
        for case, _ in CASES:
            with self.subTest(case=case):
                sarif, report = self.outputs[case]
                again = self.dir / f"{case}.again.sarif"
                proc = widtest.render_report(report, {"sarif": again})
                self.assertIn(proc.returncode, (0, 3, 4, 5), proc.stderr)
                self.assertEqual(again.read_bytes(), sarif.read_bytes())

    def test_every_catalog_rule_is_in_rules(self):
        ids = {r["id"] for r in self.load(self.outputs["aadsts70021"][0])["runs"][0]["tool"]
               ["driver"]["rules"]}
        proc = subprocess.run([str(widtest.BINARY), "rules", "list", "--json"],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        listed = json.loads(proc.stdout)
        catalog = {r["id"] for r in (listed["rules"] if isinstance(listed, dict) else listed)}
        self.assertTrue(catalog)
        self.assertEqual(catalog - ids, set())

    def test_capped_hostile_report_still_validates(self):
        # 6,000 failing findings, some with terminal escapes, bidi overrides and markup in their
        # words: the SARIF keeps 5,000, says so, and stays valid for both rule sets.
        report = json.loads(self.outputs["scenario-issuer-trailing-slash"][1].read_text())
        fails = [f for f in report["findings"] if f["status"] == "fail"]
        many = []
        for i in range(6000):
            f = copy.deepcopy(fails[i % len(fails)])
            f["subject"] = f"{f['subject']}/n{i}"
            f["fingerprint"] = f"{i:016x}"
            if i % 3 == 0:
                f["severity"] = "warning"
            if i % 7 == 0:
                f["title"] = "T\x1b]0;title\x07 \u202egnp.exe"
                f["detail"] = "\x1b[31m</script><script>alert(1)</script>\r\u2028end"
            many.append(f)
        report["findings"] = many
        big_json, big_sarif = self.dir / "big.json", self.dir / "big.sarif"
        big_json.write_text(json.dumps(report), encoding="utf-8")
        proc = widtest.render_report(big_json, {"sarif": big_sarif})
        self.assertIn(proc.returncode, (0, 3, 4, 5), proc.stderr)
        raw = big_sarif.read_bytes()
        for bad in (b"\x1b", b"\\u001b", b"\r", "\u202e".encode(), "\u2028".encode()):
            self.assertNotIn(bad, raw)
        run = self.load(big_sarif)["runs"][0]
        self.assertEqual(len(run["results"]), 5000)
        self.assertEqual(run["properties"]["resultsOmitted"], 1000)
        levels = [r["level"] for r in run["results"]]
        self.assertEqual(levels, sorted(levels, key=lambda lv: lv != "error"))  # errors first
        self.assertIn("1000 of 6000 results were left out",
                      " ".join(n["message"]["text"]
                               for n in run["invocations"][0]["toolExecutionNotifications"]))
        self.assert_validates("big", big_sarif)


if __name__ == "__main__":
    unittest.main()
