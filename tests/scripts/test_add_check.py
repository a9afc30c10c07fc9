"""scripts/add_check.py on a temporary copy of the files it edits: what it writes, and that it
refuses to overwrite."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

SOURCE = os.environ.get("WID_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
SCRIPT = os.path.join(SOURCE, "scripts", "add_check.py")


class AddCheckTest(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="add_check_")
        for rel in ["rules/checks/checks.h", "rules/checks/registry.cc",
                    "rules/catalog/federated_credential.yaml"]:
            os.makedirs(os.path.join(self.root, os.path.dirname(rel)), exist_ok=True)
            shutil.copy(os.path.join(SOURCE, rel), os.path.join(self.root, rel))
        os.makedirs(os.path.join(self.root, "fixtures", "cases"))

    def tearDown(self):
        shutil.rmtree(self.root)

    def run_script(self, *args):
        return subprocess.run([sys.executable, SCRIPT, *args, "--root", self.root],
                              capture_output=True, text=True)

    def read(self, rel):
        with open(os.path.join(self.root, rel)) as f:
            return f.read()

    def test_writes_every_piece(self):
        r = self.run_script("token_audience_listed", "federated-credential",
                            "--rule-id", "FIC_AUDIENCE_UNLISTED")
        self.assertEqual(r.returncode, 0, r.stderr)
        cc = self.read("rules/checks/token_audience_listed.cc")
        self.assertIn("void check_token_audience_listed(const CheckContext& ctx, CheckRun& run)", cc)
        self.assertIn("const CheckDef kTokenAudienceListedCheck{", cc)
        self.assertIn('{"FIC_AUDIENCE_UNLISTED"}', cc)
        header = self.read("rules/checks/checks.h")
        self.assertIn("void check_token_audience_listed(const CheckContext& ctx, CheckRun& run);\n"
                      "extern const CheckDef kTokenAudienceListedCheck;\n"
                      "// add_check.py: declarations above this line", header)
        registry = self.read("rules/checks/registry.cc")
        self.assertIn("      kTokenAudienceListedCheck,\n      // add_check.py: entries above",
                      registry)
        self.assertEqual(registry.count("kTokenAudienceListedCheck"), 1)
        catalog = self.read("rules/catalog/federated_credential.yaml")
        self.assertIn("\n- id: FIC_AUDIENCE_UNLISTED\n  group: federated-credential\n", catalog)
        self.assertIn("  kind: check\n", catalog.split("- id: FIC_AUDIENCE_UNLISTED")[1])
        pos = json.loads(self.read("fixtures/cases/fic-audience-unlisted/expected.json"))
        self.assertEqual(pos["findings"][0]["ruleId"], "FIC_AUDIENCE_UNLISTED")
        near = json.loads(self.read("fixtures/cases/fic-audience-unlisted-near-miss/expected.json"))
        self.assertEqual(near["absent"], ["FIC_AUDIENCE_UNLISTED"])
        for case in ["fic-audience-unlisted", "fic-audience-unlisted-near-miss"]:
            self.assertTrue(os.path.isdir(os.path.join(self.root, "fixtures/cases", case, "input")))

    def test_default_rule_id_is_a_todo(self):
        r = self.run_script("token_audience_listed", "federated-credential")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("- id: TODO_TOKEN_AUDIENCE_LISTED",
                      self.read("rules/catalog/federated_credential.yaml"))
        self.assertTrue(os.path.isdir(
            os.path.join(self.root, "fixtures/cases/todo-token-audience-listed-near-miss")))

    def test_refuses_to_overwrite(self):
        self.assertEqual(self.run_script("token_audience_listed", "federated-credential").returncode, 0)
        before = {rel: self.read(rel) for rel in ["rules/checks/checks.h", "rules/checks/registry.cc",
                                                  "rules/catalog/federated_credential.yaml"]}
        r = self.run_script("token_audience_listed", "federated-credential")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("refusing to overwrite", r.stderr)
        for rel, text in before.items():
            self.assertEqual(self.read(rel), text, rel)

    def test_refuses_an_existing_rule_id(self):
        r = self.run_script("another_check", "federated-credential", "--rule-id", "FIC_ON_WRONG_IDENTITY")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("FIC_ON_WRONG_IDENTITY", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.root, "rules/checks/another_check.cc")))


if __name__ == "__main__":
    unittest.main()
