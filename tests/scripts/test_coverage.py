"""scripts/coverage.py: docs/coverage.md is what the script writes from the repository's own
files (catalog, golden cases, coverage_gaps.tsv), and every rule it lists is a catalog rule."""
import os
import pathlib
import re
import subprocess
import unittest

ROOT = pathlib.Path(os.environ.get("WID_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))


class Coverage(unittest.TestCase):
    def test_committed_file_is_current(self):
        r = subprocess.run(["/usr/bin/python3", str(ROOT / "scripts" / "coverage.py"), "--check"],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_lists_every_catalog_rule(self):
        ids = set()
        for f in (ROOT / "rules" / "catalog").glob("*.yaml"):
            ids |= set(re.findall(r"^- id: *([A-Z0-9_]+)", f.read_text(encoding="utf-8"), re.M))
        doc = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
        listed = set(re.findall(r"^\| `([A-Z0-9_]+)` \| (?:log|check) \|", doc, re.M))
        self.assertEqual(listed, ids)
        self.assertNotIn("shared", doc)


if __name__ == "__main__":
    unittest.main()
