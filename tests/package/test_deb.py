"""The Debian package as a user gets it: CPack builds it from the build tree into a temporary
directory; its metadata and contents are read with dpkg-deb; apt-get resolves it on this machine
(--simulate); and the packaged binary, extracted to a temporary root, prints the same version and
writes the same report bytes for the demo bundle as the build tree's binary.

ctest sets WID_BINARY, WID_SOURCE_DIR, WID_BUILD_DIR and WID_CPACK (CMakeLists.txt). Exit code 77
(skipped) only when dpkg-deb is missing, i.e. not on Debian.
"""
import gzip
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

SOURCE_DIR = pathlib.Path(os.environ["WID_SOURCE_DIR"])
BUILD_DIR = pathlib.Path(os.environ["WID_BUILD_DIR"])
BINARY = pathlib.Path(os.environ["WID_BINARY"])
CPACK = os.environ.get("WID_CPACK") or shutil.which("cpack")
DEMO = SOURCE_DIR / "fixtures" / "bundles" / "quickstart-issuer-slash"
NOW = "2026-11-28T12:00:00Z"


def run(argv, **kw):
    return subprocess.run([str(a) for a in argv], capture_output=True, timeout=600, **kw)


class DebPackage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = pathlib.Path(tempfile.mkdtemp(prefix="wid-deb-"))
        r = run([CPACK, "-G", "DEB", "-B", cls.tmp / "out"], cwd=BUILD_DIR)
        if r.returncode != 0:
            raise AssertionError("cpack failed:\n" + r.stdout.decode() + r.stderr.decode())
        arch = run(["dpkg", "--print-architecture"]).stdout.decode().strip()
        debs = sorted((cls.tmp / "out").glob("wi-doctor_*_%s.deb" % arch))
        if len(debs) != 1:
            raise AssertionError("expected one wi-doctor_*_%s.deb, found %s" % (arch, debs))
        cls.deb, cls.arch = debs[0], arch
        cls.root = cls.tmp / "root"
        r = run(["dpkg-deb", "-x", cls.deb, cls.root])
        if r.returncode != 0:
            raise AssertionError("dpkg-deb -x failed: " + r.stderr.decode())
        cls.version_line = run([BINARY, "version"]).stdout.decode().splitlines()[0]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def field(self, name):
        r = run(["dpkg-deb", "-f", self.deb, name])
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout.decode().strip()

    def test_file_name_and_metadata(self):
        version = self.version_line.split()[1]
        self.assertEqual(self.deb.name, "wi-doctor_%s_%s.deb" % (version, self.arch))
        self.assertEqual(self.field("Package"), "wi-doctor")
        self.assertEqual(self.field("Version"), version)
        self.assertEqual(self.field("Architecture"), self.arch)
        self.assertTrue(self.field("Maintainer"))
        self.assertIn("Workload Identity", self.field("Description"))

    def test_depends_come_from_the_linked_libraries(self):
        # dpkg-shlibdeps names each linked library's package with a minimum version; only
        # libcurl4, opened at run time (collectors/http/curl_library.h), is listed by hand.
        depends = [d.strip() for d in self.field("Depends").split(",")]
        names = {re.match(r"[a-z0-9.+-]+", d).group(0) for d in depends}
        for pkg in ("libc6", "libstdc++6", "libarchive13", "libssl3", "libyaml-cpp0.7", "zlib1g",
                    "libcurl4"):
            self.assertIn(pkg, names, depends)
        self.assertTrue(any(n.startswith("libre2-") for n in names), depends)
        self.assertTrue(all(re.search(r"\(>= [^)]+\)", d) for d in depends), depends)
        self.assertFalse(any("gtest" in n for n in names), depends)

    def test_contents(self):
        listing = run(["dpkg-deb", "-c", self.deb]).stdout.decode().splitlines()
        paths = {line.split()[5].lstrip(".") for line in listing}
        for p in ("/usr/bin/wi-doctor", "/usr/bin/kubectl-wi_doctor",
                  "/usr/share/man/man1/wi-doctor.1.gz", "/usr/share/doc/wi-doctor/README.md",
                  "/usr/share/doc/wi-doctor/docs/failures.md",
                  "/usr/share/doc/wi-doctor/docs/ci.md",
                  "/usr/share/wi-doctor/examples/quickstart-issuer-slash/manifest.json"):
            self.assertIn(p, paths)
        self.assertFalse(any("wid_tests" in p or "/include/" in p for p in paths), paths)
        link = self.root / "usr/bin/kubectl-wi_doctor"
        self.assertTrue(link.is_symlink())
        self.assertEqual(os.readlink(link), "wi-doctor")
        kind = run(["file", "-L", self.root / "usr/bin/wi-doctor"]).stdout
        self.assertIn(b", stripped", kind)

    def test_apt_resolves_it_here(self):
        if not shutil.which("apt-get"):
            self.skipTest("no apt-get")
        r = run(["apt-get", "install", "--simulate", "./" + self.deb.name], cwd=self.deb.parent)
        out = r.stdout.decode()
        self.assertEqual(r.returncode, 0, out + r.stderr.decode())
        self.assertRegex(out, r"Inst wi-doctor .*\(%s " % re.escape(self.field("Version")))

    def test_packaged_binary_reports_the_same_bytes(self):
        packaged = self.root / "usr/bin/wi-doctor"
        self.assertEqual(run([packaged, "version"]).stdout, run([BINARY, "version"]).stdout)
        outs = {}
        for name, exe in (("build", BINARY), ("package", packaged),
                          ("kubectl-plugin", self.root / "usr/bin/kubectl-wi_doctor")):
            report = self.tmp / ("%s.json" % name)
            r = run([exe, "analyze", DEMO, "--now", NOW, "-o", "text=-", "-o", "json=%s" % report],
                    env=dict(os.environ, NO_COLOR="1"))
            self.assertEqual(r.returncode, 3, r.stderr.decode())
            outs[name] = (r.stdout, report.read_bytes())
        self.assertIn(b"ISSUER_TRAILING_SLASH_MISMATCH", outs["build"][0])
        self.assertEqual(outs["package"], outs["build"])
        self.assertEqual(outs["kubectl-plugin"], outs["build"])

    def test_man_page_is_the_cli_help(self):
        man = gzip.decompress((self.root / "usr/share/man/man1/wi-doctor.1.gz").read_bytes())
        man = man.decode().replace("\\-", "-")
        self.assertIn('.TH WI-DOCTOR "1"', man)
        helps = run([BINARY, "--help-all"]).stdout.decode()
        options = set(re.findall(r"--[a-z][a-z-]+", helps))
        self.assertGreater(len(options), 15)
        for opt in sorted(options):
            self.assertIn(opt, man)
        for sub in ("analyze", "report", "rules", "explain", "version"):
            self.assertIn(sub, man)


if __name__ == "__main__":
    if not shutil.which("dpkg-deb"):
        print("dpkg-deb is not installed: not a Debian system", file=sys.stderr)
        sys.exit(77)
    unittest.main()
