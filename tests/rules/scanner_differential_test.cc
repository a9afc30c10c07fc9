// Differential tests of the log scanner: the prefilter path (use_prefilter=true: Hyperscan where
// the build has it, RE2::Sets for the rest) must give exactly what the naive path gives
// (use_prefilter=false, every rule's regexes on every record) — same rules, subjects, components,
// counts, first/last lines, captures and samples — on every fixture file and on a bundle generated
// by bench/gen_corpus.py, for 1 and 2 threads. On the generated bundle, with unescape=false, the
// per-rule counts and first/last lines must also equal the generator's manifest (which Python's
// `re` computed).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "analyzer/model/limits.h"
#include "analyzer/model/memory_source.h"
#include "rules/catalog.h"
#include "rules/log_scanner.h"
#include "tests/support/envelopes.h"
#include "tests/support/file_source.h"
#include "tests/support/paths.h"
#include "tests/support/sweep.h"

namespace wid {
namespace {

namespace fs = std::filesystem;

// Debian's interpreter, not whatever python3 is first on PATH (pyenv shims, venvs).
constexpr const char* kPython = "/usr/bin/python3";
// Small enough to run in every test pass, big enough for every failure kind (gen_corpus.py
// writes 3..30 lines of each of its kinds whatever the size).
constexpr const char* kCorpusSizeMib = "2";
constexpr const char* kCorpusSeed = "3";

std::string source_dir() { return WID_SOURCE_DIR; }

std::string describe(const RuleHits& h) {
  std::ostringstream os;
  os << h.rule_id << " subject=" << h.subject_key << " component=" << h.component
     << " count=" << h.count << " first=" << h.first.to_string() << " last=" << h.last.to_string()
     << " captures={";
  for (const auto& [k, v] : h.first_captures) os << k << "=" << v << ";";
  os << "} all={";
  for (const auto& [k, vs] : h.captures) {
    os << k << ":[";
    for (const auto& v : vs) os << v << ",";
    os << "]";
  }
  os << "} samples=" << h.samples.size();
  return os.str();
}

std::string describe(const ScanResult& r) {
  std::string out;
  for (const auto& h : r.hits) out += "    " + describe(h) + "\n";
  return out.empty() ? "    (no hits)\n" : out;
}

bool same_hit(const RuleHits& x, const RuleHits& y) {
  bool same = x.rule_id == y.rule_id && x.subject_key == y.subject_key &&
              x.component == y.component && x.count == y.count && x.first == y.first &&
              x.last == y.last && x.first_captures == y.first_captures &&
              x.captures == y.captures && x.candidate_causes == y.candidate_causes &&
              x.derived_from == y.derived_from && x.samples.size() == y.samples.size();
  for (size_t s = 0; same && s < x.samples.size(); ++s) {
    same = x.samples[s].source == y.samples[s].source && x.samples[s].text == y.samples[s].text;
  }
  return same;
}

std::vector<const RuleHits*> hits_of(const ScanResult& r, const std::string& rule_id) {
  std::vector<const RuleHits*> out;
  for (const auto& h : r.hits) {
    if (h.rule_id == rule_id) out.push_back(&h);
  }
  return out;
}

bool same_for_rule(const ScanResult& a, const ScanResult& b, const std::string& rule_id) {
  const auto x = hits_of(a, rule_id), y = hits_of(b, rule_id);
  if (x.size() != y.size()) return false;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!same_hit(*x[i], *y[i])) return false;
  }
  return true;
}

// The ids of every rule on which two scans differ, in id order.
std::vector<std::string> differing_rules(const ScanResult& a, const ScanResult& b) {
  std::set<std::string> ids;
  for (const auto& h : a.hits) ids.insert(h.rule_id);
  for (const auto& h : b.hits) ids.insert(h.rule_id);
  std::vector<std::string> out;
  for (const auto& id : ids) {
    if (!same_for_rule(a, b, id)) out.push_back(id);
  }
  return out;
}

std::string content_of(const LogSource& s) {
  auto reader = s.content->open();
  if (!reader.ok()) return "(unreadable: " + reader.error().to_string() + ")";
  std::string out(size_t{16} * 1024, '\0');
  auto n = reader.value()->read(out.data(), out.size());
  out.resize(n.ok() ? n.value() : 0);
  return out;
}

struct Scanners {
  std::unique_ptr<LogScanner> a, b;
};

ScanOptions options(int threads, bool unescape, bool use_prefilter) {
  ScanOptions o;
  o.threads = threads;
  o.unescape = unescape;
  o.use_prefilter = use_prefilter;
  return o;
}

// Bisects sources down to the single sources on which the two scanners disagree about rule_id
// (at most kMaxLocalized of them), so a failure names the exact text.
constexpr size_t kMaxLocalized = 5;
void localize(const Scanners& s, const std::vector<LogSource>& sources, size_t lo, size_t hi,
              const std::string& rule_id, std::vector<size_t>& found) {
  if (lo >= hi || found.size() >= kMaxLocalized) return;
  const std::vector<LogSource> part(sources.begin() + static_cast<long>(lo),
                                    sources.begin() + static_cast<long>(hi));
  if (same_for_rule(s.a->scan(part), s.b->scan(part), rule_id)) return;
  if (hi - lo == 1) {
    found.push_back(lo);
    return;
  }
  const size_t mid = lo + (hi - lo) / 2;
  localize(s, sources, lo, mid, rule_id, found);
  localize(s, sources, mid, hi, rule_id, found);
}

// Rules whose differences are traced down to single sources in one failure message.
constexpr size_t kMaxRulesLocalized = 6;

// Compares two scans field by field; `what` names the two runs in the failure message. On a
// difference, names the rules that differ and, for the first few, the sources that cause it with
// their text and both scanners' hits.
void expect_same(const ScanResult& a, const ScanResult& b, const std::string& what,
                 const Catalog& catalog, const std::vector<LogSource>& sources, ScanOptions oa,
                 ScanOptions ob) {
  EXPECT_EQ(a.records, b.records) << what;
  EXPECT_EQ(a.bytes, b.bytes) << what;
  const auto rules = differing_rules(a, b);
  if (rules.empty()) return;
  std::ostringstream os;
  os << what << ": " << rules.size() << " rules differ:";
  for (const auto& id : rules) os << " " << id;
  os << "\n";
  // Localize with single-threaded scanners of each kind (threads are compared separately).
  oa.threads = ob.threads = 1;
  auto sa = LogScanner::create(catalog, oa), sb = LogScanner::create(catalog, ob);
  if (!sa.ok() || !sb.ok()) {
    ADD_FAILURE() << os.str();
    return;
  }
  const Scanners s{std::move(sa).value(), std::move(sb).value()};
  for (size_t r = 0; r < rules.size() && r < kMaxRulesLocalized; ++r) {
    const std::string& rule_id = rules[r];
    os << "rule " << rule_id << "\n  first run:\n";
    for (const RuleHits* h : hits_of(a, rule_id)) os << "    " << describe(*h) << "\n";
    os << "  second run:\n";
    for (const RuleHits* h : hits_of(b, rule_id)) os << "    " << describe(*h) << "\n";
    std::vector<size_t> found;
    localize(s, sources, 0, sources.size(), rule_id, found);
    for (size_t i : found) {
      const std::vector<LogSource> one = {sources[i]};
      os << "  differs on " << sources[i].source.path << " (component " << sources[i].component
         << "):\n"
         << content_of(sources[i]) << "    first run:\n"
         << describe(s.a->scan(one)) << "    second run:\n"
         << describe(s.b->scan(one));
    }
    if (found.empty()) os << "  (no single source shows it: the difference needs several)\n";
  }
  ADD_FAILURE() << os.str();
}

ScanResult scan(const Catalog& catalog, const std::vector<LogSource>& sources, ScanOptions o) {
  auto scanner = LogScanner::create(catalog, o);
  if (!scanner.ok()) {
    ADD_FAILURE() << "LogScanner::create: " << scanner.error().to_string();
    return {};
  }
  return scanner.value()->scan(sources);
}

// The sources handed to a stream one at a time, last first, as an ingest might find them.
ScanResult stream_reversed(const Catalog& catalog, const std::vector<LogSource>& sources,
                           ScanOptions o) {
  auto scanner = LogScanner::create(catalog, o);
  if (!scanner.ok()) {
    ADD_FAILURE() << "LogScanner::create: " << scanner.error().to_string();
    return {};
  }
  auto stream = scanner.value()->stream();
  for (auto it = sources.rbegin(); it != sources.rend(); ++it) stream->add(*it);
  return stream->finish();
}

// Runs the prefilter and naive paths, each with 1 and 2 threads, and compares all against the
// first. Returns the prefilter, 1-thread result.
ScanResult differential(const Catalog& catalog, const std::vector<LogSource>& sources,
                        bool unescape, const std::string& label) {
  const ScanOptions fast_1 = options(1, unescape, true), naive_1 = options(1, unescape, false);
  const ScanOptions fast_2 = options(2, unescape, true), naive_2 = options(2, unescape, false);
  ScanResult fast = scan(catalog, sources, fast_1);
  const ScanResult naive = scan(catalog, sources, naive_1);
  const ScanResult fast2 = scan(catalog, sources, fast_2);
  const ScanResult naive2 = scan(catalog, sources, naive_2);
  const std::string u = unescape ? "unescape=true" : "unescape=false";
  expect_same(fast, naive, label + ", " + u + ": prefilter vs naive (1 thread)", catalog, sources,
              fast_1, naive_1);
  expect_same(fast, fast2, label + ", " + u + ": prefilter 1 thread vs 2 threads", catalog, sources,
              fast_1, fast_2);
  expect_same(naive, naive2, label + ", " + u + ": naive 1 thread vs 2 threads", catalog, sources,
              naive_1, naive_2);
  // The RE2::Sets alone (no Hyperscan stage) find the same; where the build has no Hyperscan
  // this repeats the first comparison.
  ScanOptions sets_1 = fast_1;
  sets_1.hyperscan = false;
  expect_same(fast, scan(catalog, sources, sets_1),
              label + ", " + u + ": with vs without Hyperscan (1 thread)", catalog, sources, fast_1,
              sets_1);
  // The Teddy literal stage in front of the Set (off by default) names the same candidates.
  ScanOptions literal_2 = fast_2;
  literal_2.literal_prefilter = true;
  expect_same(fast, scan(catalog, sources, literal_2),
              label + ", " + u + ": Set vs literal prefilter (2 threads)", catalog, sources, fast_1,
              literal_2);
  // A stream merges by path whatever order its sources came in and however many threads took them.
  const ScanOptions fast_3 = options(3, unescape, true);
  expect_same(fast, stream_reversed(catalog, sources, fast_3),
              label + ", " + u + ": scan vs a stream fed last source first (3 threads)", catalog,
              sources, fast_1, fast_3);
  for (const auto& e : fast.errors) ADD_FAILURE() << label << ": scan error " << e.to_string();
  return fast;
}

Catalog load_builtin() {
  auto catalog = load_catalog(builtin_catalog_sources());
  if (!catalog.ok()) {
    ADD_FAILURE() << "built-in catalog: " << catalog.error().to_string();
    return Catalog{};
  }
  return std::move(catalog).value();
}

TEST(ScannerDifferential, FixtureCasesAndBundles) {
  const Catalog catalog = load_builtin();
  ASSERT_FALSE(catalog.log_rules().empty()) << "no built-in log rules";
  std::vector<LogSource> sources;
  const fs::path fixtures = fs::path(source_dir()) / "fixtures";
  std::error_code ec;
  if (fs::is_directory(fixtures / "cases", ec)) {
    for (const auto& c : fs::directory_iterator(fixtures / "cases", ec)) {
      for (auto& s : test::log_sources_under((c.path() / "input").string())) {
        s.source.path =
            fs::relative(c.path() / "input", fixtures).generic_string() + "/" + s.source.path;
        sources.push_back(std::move(s));
      }
    }
  }
  for (auto& s : test::log_sources_under((fixtures / "bundles").string())) {
    s.source.path = "bundles/" + s.source.path;
    sources.push_back(std::move(s));
  }
  std::sort(sources.begin(), sources.end(),
            [](const LogSource& a, const LogSource& b) { return a.source.path < b.source.path; });
  if (sources.empty()) GTEST_SKIP() << "no files under fixtures/cases/*/input or fixtures/bundles";
  sources = test::swept(std::move(sources), 8);
  const ScanResult with = differential(catalog, sources, true, "fixtures");
  differential(catalog, sources, false, "fixtures");
  RecordProperty("files", static_cast<int>(sources.size()));
  RecordProperty("hits", static_cast<int>(with.hits.size()));
}

// Every example and counterexample of every built-in log rule in every envelope, one in-memory
// source each: the texts the rules were written for, in all their escapings. One test per
// quarter of the envelopes, with and without unescaping, so that parallel jobs and sanitizer
// shards share them; under ASan each takes its sweep sample (tests/support/sweep.h). The parts
// come from kEnvelopeParts, so a finer split cannot leave envelopes out.
constexpr size_t kEnvelopeParts = 4;

void enveloped_catalog_examples(bool unescape, size_t part) {
  const Catalog catalog = load_builtin();
  ASSERT_FALSE(catalog.log_rules().empty()) << "no built-in log rules";
  std::vector<LogSource> sources;
  for (const Rule* rule : catalog.log_rules()) {
    std::string component = "unknown";
    for (const auto& c : rule->components) {
      if (c != "any") {
        component = c;
        break;
      }
    }
    const auto& envelopes = test::all_envelopes();
    for (size_t e = part; e < envelopes.size(); e += kEnvelopeParts) {
      const auto& env = envelopes[e];
      auto add = [&](const std::string& kind, size_t i, const std::string& text) {
        LogSource s;
        s.source.path = std::string("envelopes/") + env.name + "/" + rule->id + "/" + kind +
                        std::to_string(i) + ".log";
        s.component = component;
        s.content = std::make_shared<MemorySource>(env.wrap(text));
        sources.push_back(std::move(s));
      };
      for (size_t i = 0; i < rule->examples.size(); ++i) add("example", i, rule->examples[i]);
      for (size_t i = 0; i < rule->counterexamples.size(); ++i) {
        add("counterexample", i, rule->counterexamples[i]);
      }
    }
  }
  std::sort(sources.begin(), sources.end(),
            [](const LogSource& a, const LogSource& b) { return a.source.path < b.source.path; });
  // The Set-only scans of these records, most of them escaped, are the slowest sweep under ASan
  // (a part of one source in 8 took 260 s there): one source in 32.
  sources = test::swept(std::move(sources), 32);
  differential(catalog, sources, unescape, "enveloped examples");
  ::testing::Test::RecordProperty("sources", static_cast<int>(sources.size()));
}

class EnvelopedCatalogExamples : public ::testing::TestWithParam<std::tuple<size_t, bool>> {};

TEST_P(EnvelopedCatalogExamples, MatchOneRegexAtATime) {
  enveloped_catalog_examples(std::get<1>(GetParam()), std::get<0>(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(ScannerDifferential, EnvelopedCatalogExamples,
                         ::testing::Combine(::testing::Range<size_t>(0, kEnvelopeParts),
                                            ::testing::Bool()),
                         [](const ::testing::TestParamInfo<std::tuple<size_t, bool>>& param_info) {
                           return std::string(std::get<1>(param_info.param) ? "Unescaped"
                                                                            : "AsWritten") +
                                  "Part" + std::to_string(std::get<0>(param_info.param));
                         });

// Pattern shapes the prefilter must widen the way unescape_record widens the text (\s, negated
// classes and . across joined lines; quotes behind backslashes and HTML entities at once), on a
// multi-line message in every envelope. Independent of how the catalog happens to write its
// patterns today.
constexpr std::string_view kShapeRules = R"yaml(
- id: T_SPACE
  group: custom
  title: whitespace class across a line break
  severity: info
  kind: log
  explain: test
  match: {any: ['first\s+second\s*''(?P<v>[^'']*)'''], components: [any]}
- id: T_NEGATED_CLASS
  group: custom
  title: negated newline class across a line break
  severity: info
  kind: log
  explain: test
  match: {any: ['alpha[^\n]*omega'], components: [any]}
- id: T_DOT
  group: custom
  title: dot across a line break
  severity: info
  kind: log
  explain: test
  match: {any: ['gamma.*delta'], components: [any]}
- id: T_QUOTE
  group: custom
  title: quoted value
  severity: info
  kind: log
  explain: test
  match: {any: ['key "(?P<q>[^"]*)" end'], components: [any]}
- id: T_APOS
  group: custom
  title: apostrophes
  severity: info
  kind: log
  explain: test
  match: {any: ['it''s ''(?P<a>[^'']+)'''], components: [any]}
- id: T_SPECIALS
  group: custom
  title: ampersand and angle brackets
  severity: info
  kind: log
  explain: test
  match: {any: ['a & b <c> CODE123(?:[^0-9]|$)'], components: [any]}
- id: T_NONWORD
  group: custom
  title: non-word characters between two words, an angle bracket among them
  severity: info
  kind: log
  explain: test
  match: {any: ['ErrorDetail\W{0,3}Lifetime'], components: [any]}
)yaml";

TEST(ScannerDifferential, PrefilterWidensLikeUnescape) {
  auto loaded = load_catalog({CatalogSource{"shape_rules.yaml", std::string(kShapeRules), false}});
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  const Catalog catalog = std::move(loaded).value();
  const std::string messages[] = {
      "first\nsecond 'value one' alpha and then\nsome more omega gamma one\ntwo delta",
      "key \"quoted\nvalue\" end; it's 'x\ny' and a & b <c> CODE123.",
      "first second 'v' alpha omega gamma delta key \"q\" end it's 'a' a & b <c> CODE123",
      // An XML element's end and the next one's text: .NET's JSON writes > as \u003E.
      "<ErrorDetail>Lifetime validation failed.</ErrorDetail>",
      // Already HTML-escaped text: the HTML envelopes escape it a second time (&amp;#34;).
      "key &#34;q&#34; end it&#39;s &#39;a&#39;, key &quot;r&quot; end a &amp; b &lt;c&gt; CODE123",
  };
  std::vector<LogSource> sources;
  for (const auto& env : test::all_envelopes()) {
    for (size_t i = 0; i < std::size(messages); ++i) {
      LogSource s;
      s.source.path = std::string("shapes/") + env.name + "/" + std::to_string(i) + ".log";
      s.component = "unknown";
      s.content = std::make_shared<MemorySource>(env.wrap(messages[i]));
      sources.push_back(std::move(s));
    }
  }
  std::sort(sources.begin(), sources.end(),
            [](const LogSource& a, const LogSource& b) { return a.source.path < b.source.path; });
  const ScanResult naive = scan(catalog, sources, options(1, true, false));
  ASSERT_FALSE(naive.hits.empty()) << "the shape rules fire nowhere: the test proves nothing";
  differential(catalog, sources, true, "pattern shapes");
}

// The record shapes whose prefilter traits (escaped, ASCII) the scanner learns line by line
// instead of from the finished record (rules/line_scan.h): a CRI message split into partial lines
// with its escapes in the second part, a message on a continuation line with a non-ASCII byte, and
// a CRLF file. Every built-in example, JSON-escaped as an SDK nests it, must be found as the naive
// path finds it.
std::string json_escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

LogSource memory_log(const std::string& name, const std::string& text, bool cri = false) {
  LogSource s;
  s.source.path = "shapes/" + name + ".log";
  s.component = "unknown";
  s.cri = cri;
  s.content = std::make_shared<MemorySource>(text);
  return s;
}

void expect_every_source_matched(const Catalog& catalog, const std::vector<LogSource>& sources) {
  for (const auto& s : sources) {
    EXPECT_FALSE(scan(catalog, {s}, options(1, true, false)).hits.empty())
        << s.source.path << " matched nothing: the test proves less";
  }
}

TEST(ScannerDifferential, RecordShapesKeepTheirTraits) {
  const Catalog catalog = load_builtin();
  ASSERT_FALSE(catalog.log_rules().empty()) << "no built-in log rules";
  std::string cri, continued, crlf, azcore;
  const std::string separator(80, '-');
  const auto rules = catalog.log_rules();
  for (size_t r = 0; r < rules.size(); ++r) {
    const Rule* rule = rules[r];
    if (!test::in_sweep(r)) continue;
    if (rule->examples.empty() || rule->examples[0].find('\n') != std::string::npos) continue;
    const std::string e = json_escaped(rule->examples[0]);
    const size_t half = e.size() / 2;
    cri += "2026-12-07T10:00:00.000000001Z stderr P {\"msg\":\"" + e.substr(0, half) + "\n";
    cri += "2026-12-07T10:00:00.000000002Z stderr F " + e.substr(half) + "\"}\n";
    continued +=
        "E1207 10:00:00.000000       1 controller.go:42] reconcile failed for caf\xc3\xa9\n";
    continued += "    {\"error\":\"" + e + "\"}\n";
    crlf += "{\"level\":\"error\",\"msg\":\"" + e + "\"}\r\n";
    // An azcore block joins lines that are no continuation: the escaped example comes in on its
    // "ERROR CODE" line, under a request line that is ASCII and has no escape.
    azcore += "failed: GET https://kv.vault.azure.net/secrets/s\n" + separator +
              "\nRESPONSE 403: 403 Forbidden\nERROR CODE: \"" + e + "\" caf\xc3\xa9\n" + separator +
              "\nResponse contained no body\n" + separator + "\n";
  }
  const std::vector<LogSource> sources = {
      memory_log("cri-partial", cri, true), memory_log("continuation-non-ascii", continued),
      memory_log("crlf", crlf), memory_log("azcore-block", azcore)};
  expect_every_source_matched(catalog, sources);
  differential(catalog, sources, true, "record shapes");
}

// A line cut by the read block's edge, its escape in the first block and the quoted text it hides
// in the next: the scanner learns the line's traits again once it is whole.
constexpr std::string_view kQuoteRule = R"yaml(
- id: T_QUOTED
  group: custom
  title: a quoted word
  severity: error
  kind: log
  explain: test
  match: {any: ['said "(?P<word>[a-z]+)" to the (?:server|client)'], components: [any]}
)yaml";

TEST(ScannerDifferential, LineAcrossTheReadBlockEdge) {
  auto loaded = load_catalog({CatalogSource{"quote_rule.yaml", std::string(kQuoteRule), false}});
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  const Catalog catalog = std::move(loaded).value();
  // The only escape sits in the line's first bytes, which the first block holds.
  const std::string line = "said \\\"hello\" to the server";
  for (size_t before : {size_t{6}, size_t{11}, size_t{20}}) {
    // Filler up to `before` bytes short of the first block's end, then the line across it.
    std::string text;
    const std::string filler(4095, 'f');
    while (text.size() + filler.size() + 1 < limits::kReadBlockBytes - before)
      text += filler + "\n";
    text.append(limits::kReadBlockBytes - before - 1 - text.size(), 'f');
    text += "\n" + line + "\n";
    ASSERT_EQ(text.substr(limits::kReadBlockBytes - before, before), line.substr(0, before));
    const std::vector<LogSource> sources = {memory_log("edge", text)};
    expect_every_source_matched(catalog, sources);
    differential(catalog, sources, true, "block edge " + std::to_string(before));
  }
}

// A temporary directory removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "wid-differential-XXXXXX").string();
    if (mkdtemp(tmpl.data()) != nullptr) path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

int run(const std::string& cmd) { return std::system(cmd.c_str()); }

struct Expected {
  uint64_t count = 0;
  std::string first, last;  // "path:line" or empty
};

TEST(ScannerDifferential, GeneratedCorpusMatchesManifest) {
  if (access(kPython, X_OK) != 0) GTEST_SKIP() << kPython << " is not installed";
  TempDir tmp;
  ASSERT_FALSE(tmp.path.empty()) << "mkdtemp failed";
  const std::string bench = source_dir() + "/bench";
  const fs::path corpus = tmp.path / "corpus";
  const fs::path rules_dir = tmp.path / "rules";
  ASSERT_EQ(run(std::string(kPython) + " " + shell_quote(bench + "/gen_corpus.py") + " --out " +
                shell_quote(corpus.string()) + " --size-mib " + kCorpusSizeMib + " --seed " +
                kCorpusSeed + " 2>" + shell_quote((tmp.path / "gen.log").string())),
            0)
      << "gen_corpus.py failed; see its output above or rerun it by hand";
  ASSERT_EQ(run(std::string(kPython) + " " + shell_quote(bench + "/patterns_to_rules.py") + " " +
                shell_quote(bench + "/patterns.txt") + " " + shell_quote(rules_dir.string()) +
                " 2>/dev/null"),
            0);

  auto user = read_catalog_dir(rules_dir.string());
  ASSERT_TRUE(user.ok()) << user.error().to_string();
  for (auto& s : user.value()) s.builtin = false;
  auto loaded = load_catalog(user.value());
  ASSERT_TRUE(loaded.ok()) << "bench rules do not load: " << loaded.error().to_string();
  const Catalog catalog = std::move(loaded).value();

  std::ifstream mf(corpus / "manifest.json");
  const auto manifest = nlohmann::json::parse(mf, nullptr, false);
  ASSERT_FALSE(manifest.is_discarded()) << "manifest.json does not parse";
  ASSERT_EQ(catalog.log_rules().size(), manifest["rules"].size());

  std::vector<LogSource> sources = test::log_sources_under((corpus / "bundle").string());
  ASSERT_EQ(sources.size(), manifest["files"].size());

  const ScanResult raw = differential(catalog, sources, false, "gen_corpus");
  differential(catalog, sources, true, "gen_corpus");

  // The manifest counts lines matching each pattern as written (no unescaping); sum the scanner's
  // hits over subjects and components per rule.
  std::map<std::string, Expected> got;
  std::map<std::string, std::pair<SourceRef, SourceRef>> span;
  for (const auto& h : raw.hits) {
    auto& g = got[h.rule_id];
    g.count += h.count;
    auto [it, fresh] = span.try_emplace(h.rule_id, h.first, h.last);
    if (!fresh) {
      if (h.first < it->second.first) it->second.first = h.first;
      if (it->second.second < h.last) it->second.second = h.last;
    }
  }
  for (const auto& [id, s] : span) {
    got[id].first = s.first.to_string();
    got[id].last = s.second.to_string();
  }
  int agree = 0;
  for (const auto& r : manifest["rules"]) {
    char id[8];
    std::snprintf(id, sizeof id, "P%03d", r["rule"].get<int>());
    Expected want;
    want.count = r["expected_lines"].get<uint64_t>();
    if (!r["first"].is_null()) want.first = r["first"].get<std::string>();
    if (!r["last"].is_null()) want.last = r["last"].get<std::string>();
    const Expected g = got.count(id) ? got[id] : Expected{};
    if (g.count == want.count && g.first == want.first && g.last == want.last) {
      ++agree;
    } else {
      ADD_FAILURE() << id << " /" << r["pattern"].get<std::string>() << "/: manifest says "
                    << want.count << " lines, first " << want.first << ", last " << want.last
                    << "; scanner found " << g.count << ", first " << g.first << ", last "
                    << g.last;
    }
  }
  RecordProperty("rules_agree", agree);
}

}  // namespace
}  // namespace wid
