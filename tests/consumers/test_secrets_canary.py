"""Secrets canary (reliability.md S1): fixtures/cases/secrets-canary plants known fake secrets in
its inputs (a signed JWT, an Azure client secret, a SAS signature, a kubeconfig bearer token) where
users leak them. No output of any renderer, from `analyze` or from `report`, nor stdout or stderr,
may hold any of them: raw, base64 (any alignment), base64url, URL-encoded, JSON- or HTML-escaped,
or any 16-character run of one."""
import base64
import html
import json
import tempfile
import unittest
import urllib.parse
from pathlib import Path

import widtest

CASE = "secrets-canary"
FORMATS = ["text", "json", "html", "sarif", "junit", "markdown"]
WINDOW = 16


def encodings(secret):
    """Every form a leak could take. Base64 of a secret inside other bytes depends on its offset
    modulo 3, so each alignment's stable middle is checked."""
    raw = secret.encode()
    forms = {
        "raw": secret,
        "json": json.dumps(secret)[1:-1],
        "url": urllib.parse.quote(secret, safe=""),
        "url-plus": urllib.parse.quote_plus(secret),
        "html": html.escape(secret),
    }
    for pad in range(3):
        for name, enc in (("base64", base64.b64encode), ("base64url", base64.urlsafe_b64encode)):
            text = enc(b"\0" * pad + raw).decode().rstrip("=")
            # Characters touched by the padding bytes or the unknown tail are not stable.
            forms[f"{name}+{pad}"] = text[4:-4]
    for i in range(0, max(1, len(secret) - WINDOW + 1)):
        forms[f"window@{i}"] = secret[i:i + WINDOW]
    return forms


class SecretsCanary(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(widtest.CASES / CASE / "canaries.json", encoding="utf-8") as f:
            secrets = json.load(f)["secrets"]
        # A JWT keeps its header and claims by design (DESIGN.md "Redaction"); its signature, and
        # so the whole token, must go.
        cls.secrets = {k: v for k, v in secrets.items() if k != "jwt"}
        cls.secrets["jwt-signature"] = secrets["jwt"].rsplit(".", 1)[1]
        cls.tmp = tempfile.TemporaryDirectory(prefix="wid-canary-")
        out = Path(cls.tmp.name)
        cls.outputs = {}
        outs = {fmt: out / f"analyze.{fmt}" for fmt in FORMATS}
        run = widtest.analyze_case(CASE, outs, quiet=False)
        assert run.returncode == 3, run.stderr
        cls.outputs.update({f"analyze -o {f}": p.read_text(encoding="utf-8", errors="replace")
                            for f, p in outs.items()})
        cls.outputs["analyze stderr"] = run.stderr
        for fmt in FORMATS:
            res = widtest.render_report(outs["json"], {fmt: "-"})
            assert res.returncode == 3, res.stderr
            cls.outputs[f"report -o {fmt}=-"] = res.stdout
            cls.outputs[f"report -o {fmt} stderr"] = res.stderr
        to_stdout = widtest.analyze_case(CASE, {"text": "-"})
        cls.outputs["analyze stdout"] = to_stdout.stdout

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_every_output_was_produced(self):
        for name, text in self.outputs.items():
            if "stderr" not in name:
                self.assertGreater(len(text), 200, name)
        # The case really exercises the redactor: the leaking log record is a sample.
        report = json.loads(self.outputs["analyze -o json"])
        self.assertEqual(set(report["redactions"]), {"bearer", "client-secret", "jwt", "sas"})

    def test_no_secret_in_any_form_in_any_output(self):
        leaks = []
        for secret_name, secret in self.secrets.items():
            for form, needle in encodings(secret).items():
                if len(needle) < 8:
                    continue
                for out_name, text in self.outputs.items():
                    if needle in text:
                        leaks.append(f"{secret_name} ({form}) in {out_name}")
        self.assertEqual(leaks, [], "\n".join(leaks[:50]))


if __name__ == "__main__":
    unittest.main()
