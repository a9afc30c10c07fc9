"""The html report in a real browser: headless Chromium loads the report of the case whose log
lines and object names carry XSS payloads (fixtures/cases/report-xss-payloads) and we check that

- no payload ran: each payload would set data-pwned on <html>, and the dumped DOM has none;
  the payload text is on the page as text, and only our two <script> elements exist;
- our own script did run under the page's CSP (it sets data-js="ready" last and reports how
  many findings it parsed from the embedded JSON), so the CSP hash is right;
- an inline script injected into the page is blocked by that CSP (defence in depth);
- the page made no network request: every request in the net log is the browser's own service
  traffic, none is attributable to the page (a control page that does fetch shows the detector
  works);
- served as Jenkins serves artifacts (its default CSP header blocks all script and style), the
  DOM still holds every hop, finding and fix command;
- screenshots at desktop width and at 360 px (and dark, and as Jenkins shows it) land in
  <build>/html-screenshots/.

Skipped (exit 77) only when no Chromium is installed.
"""
import functools
import html.parser
import http.server
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import widtest  # noqa: E402

CASE = "report-xss-payloads"

# Without the background-networking flags Chromium calls Google at start-up; the feature list
# turns off the network-time query that survives them. The host-resolver rule keeps whatever is
# still attempted on this machine (it is still logged, which is what the net-log check reads);
# loopback stays reachable for the Jenkins-style server below.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
    "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter,Translate",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--hide-scrollbars", "--force-color-profile=srgb",
]
# Hosts of Chromium's own services (component updater, account check): requests to them carry
# no page origin and come from the browser process, not from the report.
BROWSER_SERVICE_HOSTS = (".google.com", ".googleapis.com", ".gstatic.com")
# Jenkins' default Content-Security-Policy for archived artifacts (hudson.model.DirectoryBrowserSupport
# .CSP): no script at all, and no inline style. --blink-settings=scriptEnabled=false would be the
# other way to block script, but headless --dump-dom then returns nothing (the dump runs script).
JENKINS_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'self';"


class JenkinsLikeHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("Content-Security-Policy", JENKINS_CSP)
        super().end_headers()

    def log_message(self, *args):
        pass


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def visible(text):
    """reports/escape.h visible(): what the page shows for a value."""
    out = []
    for ch in text:
        cp = ord(ch)
        if (cp < 0x20 and ch != "\t") or cp == 0x7F:
            out.append("\\x%02x" % cp)
        elif (0x80 <= cp <= 0x9F or 0x200B <= cp <= 0x200F or 0x2028 <= cp <= 0x202E
              or 0x2060 <= cp <= 0x2069 or cp in (0xFEFF, 0xFFFE, 0xFFFF)):
            out.append("\\u{%04x}" % cp)
        else:
            out.append(ch)
    return "".join(out)


class DomReader(html.parser.HTMLParser):
    """Collects what the checks need from a DOM dump: element ids, the text of every command
    block (div.cmd pre), the text of every finding card, and counts of interesting elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.commands = []
        self.cards = {}
        self.tags = {}
        self.buttons = 0
        self.root_attrs = {}
        self.text = []
        self._stack = []
        self._cmd_depth = None
        self._pre = None
        self._card = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag == "html":
            self.root_attrs = a
        if "id" in a:
            self.ids.add(a["id"])
        if tag in ("br", "meta", "link", "input", "img"):
            return
        self._stack.append(tag)
        classes = (a.get("class") or "").split()
        if tag == "div" and "cmd" in classes:
            self._cmd_depth = len(self._stack)
        if tag == "pre" and self._cmd_depth is not None:
            self._pre = []
        if tag == "button" and "copy" in classes:
            self.buttons += 1
        if tag == "article" and "finding" in classes:
            self._card = a.get("id")
            self.cards[self._card] = []

    def handle_endtag(self, tag):
        if tag == "pre" and self._pre is not None:
            self.commands.append("".join(self._pre))
            self._pre = None
        if tag == "article":
            self._card = None
        while self._stack:
            top = self._stack.pop()
            if self._cmd_depth is not None and len(self._stack) < self._cmd_depth:
                self._cmd_depth = None
            if top == tag:
                break

    def handle_data(self, data):
        if self._stack and self._stack[-1] in ("script", "style"):
            return  # the page's own code and data, not what it shows
        self.text.append(data)
        if self._pre is not None:
            self._pre.append(data)
        if self._card is not None:
            self.cards[self._card].append(data)


def read_dom(text):
    reader = DomReader()
    reader.feed(text)
    reader.close()
    reader.all_text = "".join(reader.text)
    return reader


def page_requests(net_log_path):
    """(page, browser) URL requests in a Chromium net log. A request belongs to the page when it
    names an initiator origin (a file:// page's is "null") or the file:// network-isolation key;
    Chromium's own service traffic has neither."""
    with open(net_log_path, encoding="utf-8") as f:
        log = json.load(f)
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    page, browser = [], []
    for event in log["events"]:
        params = event.get("params") or {}
        name = names.get(event["type"], "")
        keys = " ".join(str(params.get(k, "")) for k in
                        ("network_isolation_key", "network_anonymization_key", "site_for_cookies"))
        if name == "URL_REQUEST_START_JOB" and "url" in params:
            if params.get("initiator", "not an origin") != "not an origin" or "file://" in keys:
                page.append(params["url"])
            else:
                browser.append(params["url"])
        elif "file://" in keys:
            # DNS lookups, sockets or preconnects made on the page's behalf.
            page.append("%s %s" % (name, params.get("host") or params.get("url") or ""))
    return page, browser


class HtmlInChromium(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.chromium = find_chromium()
        cls.tmp = pathlib.Path(tempfile.mkdtemp(prefix="wid-html-chromium-"))
        build = os.environ.get("WID_BUILD_DIR")
        cls.shots = pathlib.Path(build) / "html-screenshots" if build else cls.tmp / "html-screenshots"
        cls.shots.mkdir(parents=True, exist_ok=True)
        cls.page = cls.tmp / "report.html"
        cls.json_path = cls.tmp / "report.json"
        run = widtest.analyze_case(CASE, {"html": cls.page, "json": cls.json_path})
        if run.returncode != widtest.case_expected(CASE).get("exitCode", 0):
            raise AssertionError("analyze exited %d\n%s" % (run.returncode, run.stderr))
        cls.report = json.loads(cls.json_path.read_text(encoding="utf-8"))
        cls.server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(JenkinsLikeHandler, directory=str(cls.tmp)))
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.jenkins_url = "http://127.0.0.1:%d/report.html" % cls.server.server_address[1]
        cls.dom_text, cls.net_log = cls.load(cls.page.as_uri(), "scripted", net_log=True)
        cls.dom = read_dom(cls.dom_text)
        cls.plain_text, _ = cls.load(cls.jenkins_url, "jenkins")
        cls.plain = read_dom(cls.plain_text)

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def load(cls, url, label, extra=(), net_log=False):
        """Loads `url` in a fresh profile; returns (dumped DOM, net log path or None)."""
        profile = cls.tmp / ("profile-" + label)
        argv = [cls.chromium] + CHROMIUM_FLAGS + ["--user-data-dir=%s" % profile] + list(extra)
        log_path = None
        if net_log:
            log_path = cls.tmp / ("netlog-%s.json" % label)
            argv.append("--log-net-log=%s" % log_path)
        argv += ["--dump-dom", url]
        run = subprocess.run(argv, capture_output=True, text=True, timeout=180)
        if run.returncode != 0 or "<html" not in run.stdout:
            raise AssertionError("chromium failed (%d): %s" % (run.returncode, run.stderr[-2000:]))
        return run.stdout, log_path

    @classmethod
    def screenshot(cls, name, url, width, height, extra=()):
        path = cls.shots / name
        profile = cls.tmp / ("profile-shot-" + name)
        argv = [cls.chromium] + CHROMIUM_FLAGS + ["--user-data-dir=%s" % profile] + list(extra) + [
            "--window-size=%d,%d" % (width, height), "--screenshot=%s" % path, url]
        run = subprocess.run(argv, capture_output=True, text=True, timeout=180)
        return run, path

    # -- nothing executed -----------------------------------------------------------------------

    def test_no_payload_executed(self):
        for dom in (self.dom_text, self.plain_text):
            self.assertNotIn("data-pwned", dom)
        self.assertNotIn("data-pwned", self.dom.root_attrs)
        # Our two <script> elements (the JSON data block and the filter script), no other;
        # no element a payload spelled.
        self.assertEqual(self.dom.tags.get("script"), 2)
        for tag in ("img", "svg", "iframe", "object", "embed"):
            self.assertNotIn(tag, self.dom.tags, tag)
        self.assertIsNone(re.search(r"""href\s*=\s*["']?\s*javascript:""", self.dom_text, re.I))

    def test_payload_text_is_shown_as_text(self):
        text = self.dom.all_text
        for needle in (
                "</script><script>document.documentElement.dataset.pwned=1</script>",
                '<img src=x onerror="document.documentElement.dataset.pwned=2">',
                "javascript:document.documentElement.dataset.pwned=3",
                "{{constructor.constructor(`document.documentElement.dataset.pwned=4`)()}}",
                "orders-api<img src=x onerror=document.documentElement.dataset.pwned=8>",
                "cluster-identity</script><script>document.documentElement.dataset.pwned=9</script>",
                # ESC, OSC and BEL, and the right-to-left override, made visible
                "\\x1b[31mFAKE-OK\\x1b[0m\\x1b]0;pwned\\x07",
                "capz-\\u{202e}gr-omed"):
            self.assertIn(needle, text)
        self.assertNotIn("\x1b", self.dom_text)
        self.assertFalse("\u202e" in text, "a raw right-to-left override is shown")

    def test_the_payloads_are_live_when_not_escaped(self):
        # The check above means something only if these payloads run when a page gets them raw.
        control = self.tmp / "live.html"
        control.write_text(
            "<!DOCTYPE html><html><body><p>x</script><script>document.documentElement.dataset"
            ".pwned=1</script></p><p><img src=x onerror=\"document.documentElement.dataset"
            ".pwned2=2\"></p></body></html>", encoding="utf-8")
        root = read_dom(self.load(control.as_uri(), "live")[0]).root_attrs
        self.assertEqual(root.get("data-pwned"), "1")
        self.assertEqual(root.get("data-pwned2"), "2")

    # -- our script ran, under the CSP ----------------------------------------------------------

    def test_own_script_runs_under_the_csp(self):
        self.assertEqual(self.dom.root_attrs.get("data-js"), "ready")
        # It parsed the embedded JSON to the same report the json renderer wrote.
        self.assertEqual(self.dom.root_attrs.get("data-json-findings"),
                         str(len(self.report["findings"])))
        # It added the filter controls and one copy button per command.
        self.assertIn("search", self.dom.ids)
        self.assertGreater(self.dom.buttons, 0)
        self.assertEqual(self.dom.buttons, len(self.dom.commands))

    def test_injected_inline_script_is_blocked_by_the_csp(self):
        source = self.page.read_text(encoding="utf-8")
        injected = source.replace(
            "</body>", "<script>document.documentElement.dataset.injected='1'</script></body>", 1)
        self.assertNotEqual(source, injected)
        page = self.tmp / "injected.html"
        page.write_text(injected, encoding="utf-8")
        dom, _ = self.load(page.as_uri(), "injected")
        root = read_dom(dom).root_attrs
        self.assertNotIn("data-injected", root)
        self.assertEqual(root.get("data-js"), "ready")

    # -- no network -----------------------------------------------------------------------------

    def test_page_makes_no_network_request(self):
        page, browser = page_requests(self.net_log)
        self.assertEqual(page, [])
        for url in browser:
            host = re.sub(r"^[a-z]+://([^/:]+).*$", r"\1", url)
            self.assertTrue(host.endswith(BROWSER_SERVICE_HOSTS), url)

    def test_the_network_check_sees_a_page_that_fetches(self):
        control = self.tmp / "control.html"
        control.write_text('<!DOCTYPE html><html><body><p>control</p>'
                           '<img src="http://127.0.0.1:9/control.png"></body></html>', encoding="utf-8")
        _, log_path = self.load(control.as_uri(), "control", net_log=True)
        page, _ = page_requests(log_path)
        self.assertIn("http://127.0.0.1:9/control.png", page)

    # -- complete with and without script -------------------------------------------------------

    def check_complete(self, dom, raw):
        for hop in self.report["chain"]:
            self.assertIn("hop-" + hop["hop"], dom.ids)
        self.assertIn('class="hop hop-fail first-broken" id="hop-%s"' % self.report["firstBroken"], raw)
        open_findings = [f for f in self.report["findings"] if f["status"] != "pass"]
        self.assertTrue(open_findings)
        card_text = {i: "".join(t) for i, t in dom.cards.items()}
        for f in open_findings:
            card = card_text.get("f-" + f["fingerprint"])
            self.assertIsNotNone(card, f["ruleId"])
            self.assertIn(f["ruleId"], card)
            self.assertIn(visible(f["subject"]), card)
            for command in f.get("fix", {}).get("commands", []):
                self.assertIn(visible(command), dom.commands, f["ruleId"])
            if f["status"] == "unknown":
                for need in f.get("needs", []):
                    self.assertIn(visible(need), dom.commands, f["ruleId"])
        self.assertEqual(len(dom.cards), len(open_findings))
        for c in self.report["coverage"]:
            if c["status"] != "ran":
                self.assertIn(c["ruleId"], dom.all_text)
        for f in self.report["findings"]:
            if f["status"] == "pass":
                self.assertIn(f["ruleId"], dom.all_text)

    def test_complete_with_script(self):
        self.check_complete(self.dom, self.dom_text)

    def test_complete_with_script_and_style_blocked(self):
        self.assertNotIn("data-js", self.plain.root_attrs)  # the script really did not run
        self.assertNotIn("search", self.plain.ids)
        self.assertEqual(self.plain.buttons, 0)
        self.check_complete(self.plain, self.plain_text)

    # -- screenshots ----------------------------------------------------------------------------

    def test_screenshots(self):
        page = self.page.as_uri()
        for name, url, width, height, extra in (
                ("desktop.png", page, 1280, 2400, ()),
                ("mobile-360.png", page, 360, 3600, ()),
                ("desktop-dark.png", page, 1280, 2400, ("--force-dark-mode",)),
                ("jenkins-csp.png", self.jenkins_url, 1280, 2400, ())):
            run, path = self.screenshot(name, url, width, height, extra)
            self.assertEqual(run.returncode, 0, run.stderr[-2000:])
            self.assertTrue(path.exists(), path)
            with open(path, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
            print("screenshot: %s" % path, file=sys.stderr)


if __name__ == "__main__":
    if not find_chromium():
        widtest.skip("Chromium is not installed (Debian: apt-get install chromium); the html report "
                     "was not checked in a browser")
    unittest.main()
