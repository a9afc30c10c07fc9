// Proves every built-in log rule survives the envelopes real logs put its text in: each example of
// each log rule, wrapped in each envelope of tests/support/envelopes.h, must produce a hit of that
// rule, and each counterexample in each envelope must not. Also checks the wrapper itself (Go
// quoting, JSON and HTML escaping, klog blocks, Terraform wrapping) so a broken envelope cannot
// hide a broken rule. Under ASan each envelope takes a sample of the examples
// (tests/support/sweep.h); `make test` takes them all.
#include "tests/support/envelopes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "rules/catalog.h"
#include "rules/log_scanner.h"
#include "tests/support/sweep.h"

namespace wid {
namespace {

using test::all_envelopes;
using test::Envelope;

// How many failing texts to print in full per test; the rest are listed by rule and example.
constexpr size_t kMaxFullReports = 8;
// A message no rule should care about: the bare envelope's own text is what gets scanned.
constexpr std::string_view kNeutralMessage = "connection to the cache was closed by the peer";

struct Loaded {
  std::unique_ptr<Catalog> catalog;
  std::unique_ptr<LogScanner> scanner;
  std::string error;
};

const Loaded& builtin() {
  static const Loaded* loaded = [] {
    auto* l = new Loaded();
    auto catalog = load_catalog(builtin_catalog_sources());
    if (!catalog.ok()) {
      l->error = "built-in catalog does not load: " + catalog.error().to_string();
      return l;
    }
    l->catalog = std::make_unique<Catalog>(std::move(catalog).value());
    auto scanner = LogScanner::create(*l->catalog, ScanOptions{});
    if (!scanner.ok()) {
      l->error = "LogScanner::create failed: " + scanner.error().to_string();
      return l;
    }
    l->scanner = std::move(scanner).value();
    return l;
  }();
  return *loaded;
}

// The component a rule's hit is looked for in: its first named component, else "unknown".
std::string component_for(const Rule& rule) {
  for (const auto& c : rule.components) {
    if (c != "any") return c;
  }
  return "unknown";
}

std::set<std::string> rules_hit(std::string_view text, const std::string& component) {
  std::set<std::string> ids;
  for (const auto& h : builtin().scanner->scan_text(text, "inline.log", component).hits) {
    ids.insert(h.rule_id);
  }
  return ids;
}

std::string join(const std::set<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out.empty() ? "(none)" : out;
}

std::string report(const Rule& rule, const Envelope& env, const char* what, size_t index,
                   const std::string& message, const std::string& text,
                   const std::set<std::string>& hits) {
  std::ostringstream os;
  os << "rule " << rule.id << " (" << rule.source.to_string() << "), " << what << " #" << index
     << ", envelope " << env.name << " (" << env.description << ")\n"
     << "  message: " << message << "\n"
     << "  wrapped text:\n"
     << text;
  const std::string unescaped = unescape_record(text);
  if (unescaped != text) os << "  unescape_record(wrapped text):\n" << unescaped << "\n";
  os << "  rules hit: " << join(hits) << "\n";
  return os.str();
}

std::vector<const Rule*> log_rules() {
  return builtin().catalog ? builtin().catalog->log_rules() : std::vector<const Rule*>{};
}

class EnvelopeTest : public ::testing::TestWithParam<const Envelope*> {
 protected:
  void SetUp() override {
    if (!builtin().error.empty()) GTEST_FAIL() << builtin().error;
  }
};

TEST_P(EnvelopeTest, ExamplesFire) {
  const Envelope& env = *GetParam();
  size_t checked = 0, seen = 0;
  std::vector<std::string> failures;
  for (const Rule* rule : log_rules()) {
    for (size_t i = 0; i < rule->examples.size(); ++i) {
      if (!test::in_sweep(seen++)) continue;
      const std::string text = env.wrap(rule->examples[i]);
      const auto hits = rules_hit(text, component_for(*rule));
      ++checked;
      if (hits.count(rule->id)) continue;
      if (failures.size() < kMaxFullReports) {
        ADD_FAILURE() << report(*rule, env, "example", i, rule->examples[i], text, hits);
      }
      failures.push_back(rule->id + " example #" + std::to_string(i));
    }
  }
  if (!failures.empty()) {
    std::string list;
    for (const auto& f : failures) list += "\n  " + f;
    ADD_FAILURE() << failures.size() << " of " << checked << " examples do not fire their rule in "
                  << "envelope " << env.name << ":" << list;
  }
}

TEST_P(EnvelopeTest, CounterexamplesStaySilent) {
  const Envelope& env = *GetParam();
  // Rules the envelope's own text fires (a rule on SDK wrapper text, say) cannot be judged by
  // their counterexamples in this envelope; BareEnvelopes lists them.
  const auto bare = rules_hit(env.wrap(kNeutralMessage), "unknown");
  std::vector<std::string> failures;
  size_t seen = 0;
  for (const Rule* rule : log_rules()) {
    if (bare.count(rule->id)) continue;
    for (size_t i = 0; i < rule->counterexamples.size(); ++i) {
      if (!test::in_sweep(seen++)) continue;
      const std::string text = env.wrap(rule->counterexamples[i]);
      const auto hits = rules_hit(text, component_for(*rule));
      if (!hits.count(rule->id)) continue;
      if (failures.size() < kMaxFullReports) {
        ADD_FAILURE() << report(*rule, env, "counterexample", i, rule->counterexamples[i], text,
                                hits);
      }
      failures.push_back(rule->id + " counterexample #" + std::to_string(i));
    }
  }
  if (!failures.empty()) {
    std::string list;
    for (const auto& f : failures) list += "\n  " + f;
    ADD_FAILURE() << failures.size() << " counterexamples fire their rule in envelope " << env.name
                  << ":" << list;
  }
}

// The other way round: every example quoted as the added lines of a diff (a README or a test
// fixture in a patch) is prose, never a failure (docs/error-context.md), whatever envelope the
// example itself carries.
TEST(EnvelopeProse, ExamplesInADiffStaySilent) {
  ASSERT_TRUE(builtin().error.empty()) << builtin().error;
  std::vector<std::string> failures;
  size_t checked = 0;
  for (const Rule* rule : log_rules()) {
    if (rule->context == MatchContext::kAny) continue;
    for (size_t i = 0; i < rule->examples.size(); ++i) {
      std::string text;
      for (const auto& line : test::split_lines(rule->examples[i])) text += "+" + line + "\n";
      ++checked;
      const auto hits = rules_hit(text, component_for(*rule));
      if (hits.count(rule->id)) failures.push_back(rule->id + " example #" + std::to_string(i));
    }
  }
  ASSERT_GT(checked, 0u);
  std::string list;
  for (const auto& f : failures) list += "\n  " + f;
  EXPECT_TRUE(failures.empty()) << failures.size() << " of " << checked
                                << " examples fire their rule as diff lines:" << list;
}

// The envelope around a neutral message: which rules its own text fires. Not a failure (the .NET,
// Java and Python shapes carry SDK text a rule may legitimately match), but printed so a rule
// that fires on wrapper text alone is visible.
TEST_P(EnvelopeTest, BareEnvelopes) {
  const Envelope& env = *GetParam();
  const auto bare = rules_hit(env.wrap(kNeutralMessage), "unknown");
  if (!bare.empty()) {
    std::cout << "[ INFO     ] envelope " << env.name << " alone fires: " << join(bare)
              << " (their counterexamples are not judged in it)\n";
  }
  RecordProperty("bare_hits", join(bare));
}

std::string envelope_test_name(const ::testing::TestParamInfo<const Envelope*>& info) {
  std::string name = info.param->name;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

std::vector<const Envelope*> envelope_params() {
  std::vector<const Envelope*> out;
  for (const auto& e : all_envelopes()) out.push_back(&e);
  return out;
}

INSTANTIATE_TEST_SUITE_P(AllEnvelopes, EnvelopeTest, ::testing::ValuesIn(envelope_params()),
                         envelope_test_name);

TEST(EnvelopeCatalog, LogRulesHaveExamples) {
  ASSERT_TRUE(builtin().error.empty()) << builtin().error;
  size_t rules = 0, with_examples = 0;
  std::vector<std::string> without;
  for (const Rule* rule : log_rules()) {
    ++rules;
    if (rule->examples.empty()) {
      without.push_back(rule->id);
    } else {
      ++with_examples;
    }
  }
  ASSERT_GT(with_examples, 0u) << "no built-in log rule has examples: the envelope tests would be "
                                  "vacuous ("
                               << rules << " log rules)";
  std::string list;
  for (const auto& id : without) list += " " + id;
  EXPECT_TRUE(without.empty()) << without.size() << " log rules have no examples, so no envelope "
                               << "test covers them:" << list;
}

// --- the wrapper itself ---

TEST(EnvelopeWrapper, GoQuoteMatchesStrconvQuote) {
  EXPECT_EQ(test::go_quote("a\"b\\c\nd\te"), "a\\\"b\\\\c\\nd\\te");
  EXPECT_EQ(test::go_quote("it's \x01"), "it's \\x01");
  EXPECT_EQ(test::go_quote("caf\xC3\xA9"), "caf\xC3\xA9");  // printable UTF-8 kept
  EXPECT_EQ(test::go_quote("\xFF"), "\\xff");               // invalid byte
}

TEST(EnvelopeWrapper, JsonEscapeStyles) {
  EXPECT_EQ(test::json_escape("a\"b\\c\r\nd<&>"), "a\\\"b\\\\c\\r\\nd<&>");
  EXPECT_EQ(test::json_escape("<&>", test::JsonEscape::kGoHtml), "\\u003c\\u0026\\u003e");
  EXPECT_EQ(test::json_escape("it's \"x\" a+b <", test::JsonEscape::kDotNet),
            "it\\u0027s \\u0022x\\u0022 a\\u002Bb \\u003C");
  EXPECT_EQ(test::json_escape("\xC3\xA9", test::JsonEscape::kDotNet), "\\u00E9");
  EXPECT_EQ(test::json_escape("\xFF"), "\\ufffd");
}

TEST(EnvelopeWrapper, HtmlEscapes) {
  EXPECT_EQ(test::html_escape_numeric("\"it's\" a+b & <c>"),
            "&#34;it&#39;s&#34; a&#43;b &amp; &lt;c&gt;");
  EXPECT_EQ(test::html_escape_named("\"it's\" & <c>"), "&quot;it&#39;s&quot; &amp; &lt;c&gt;");
}

TEST(EnvelopeWrapper, WordWrapKeepsWordsAndWidth) {
  const std::string text = "aaa bbb ccc dddddddddddd e";
  const auto lines = test::word_wrap(text, 8);
  EXPECT_EQ(lines, (std::vector<std::string>{"aaa bbb", "ccc", "dddddddddddd", "e"}));
  std::string joined;
  for (const auto& l : lines) joined += (joined.empty() ? "" : " ") + l;
  EXPECT_EQ(joined, text);
}

TEST(EnvelopeWrapper, AadstsCodeComesFromTheMessage) {
  EXPECT_EQ(test::aadsts_code("x AADSTS700211: y AADSTS70021"), "700211");
  EXPECT_EQ(test::aadsts_code("no code AADSTS here"), "");
}

TEST(EnvelopeWrapper, KlogQuotedIsOneLineWithGoQuoting) {
  const std::string text = test::find_envelope("klog-err-quoted")->wrap("a \"b\"\nc");
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
  EXPECT_NE(text.find("err=\"a \\\"b\\\"\\nc\" controller="), std::string::npos) << text;
}

TEST(EnvelopeWrapper, KlogBlockIndentsEachLineAndCloses) {
  const std::string text = test::find_envelope("klog-err-block")->wrap("one\ntwo");
  EXPECT_NE(text.find("err=<\n        one\n        two\n > controller="), std::string::npos)
      << text;
  const std::string tab = test::find_envelope("klog-err-block-tab")->wrap("one\ntwo\n");
  EXPECT_NE(tab.find("err=<\n\tone\n\ttwo\n > controller="), std::string::npos) << tab;
}

TEST(EnvelopeWrapper, JsonInJsonEscapesTwice) {
  const std::string text =
      test::find_envelope("json-in-json")->wrap("AADSTS70021: No match for 'x'.\nSecond \"line\"");
  // The body's quotes are escaped once, the description's quotes and \r\n twice.
  EXPECT_NE(text.find("\"body\":\"{\\\"error\\\":\\\"invalid_client\\\""), std::string::npos)
      << text;
  EXPECT_NE(text.find("No match for 'x'.\\\\r\\\\nSecond \\\\\\\"line\\\\\\\""), std::string::npos)
      << text;
  EXPECT_NE(text.find("\\\"error_codes\\\":[70021]"), std::string::npos) << text;
  EXPECT_EQ(test::find_envelope("json-in-json")->wrap("no code").find("error_codes"),
            std::string::npos);
}

TEST(EnvelopeWrapper, TerraformBoxWrapsWithinWidth) {
  std::string msg;
  for (int i = 0; i < 40; ++i) msg += "word" + std::to_string(i) + " ";
  msg += "end";
  const std::string text = test::find_envelope("terraform-box")->wrap(msg);
  EXPECT_EQ(text.rfind("\xE2\x95\xB7\n", 0), 0u) << text;
  EXPECT_NE(text.find("\xE2\x95\xB5\n"), std::string::npos) << text;
  std::string rejoined;
  for (const auto& line : test::split_lines(text)) {
    // Count columns: each UTF-8 lead byte is one column.
    size_t cols = 0;
    for (unsigned char c : line) cols += (c & 0xC0) != 0x80;
    EXPECT_LE(cols, 78u) << line;
    if (line.rfind("\xE2\x94\x82 word", 0) == 0 || line.rfind("\xE2\x94\x82 end", 0) == 0) {
      if (!rejoined.empty()) rejoined += ' ';  // appended: `"" + std::string&&` trips GCC 12 -O3
      rejoined += line.substr(4);
    }
  }
  EXPECT_EQ(rejoined, msg);
}

TEST(EnvelopeWrapper, EveryEnvelopeCarriesEveryLineOfAMessage) {
  for (const auto& env : all_envelopes()) {
    const std::string text = env.wrap("first-line-marker\nsecond-line-marker");
    ASSERT_FALSE(text.empty()) << env.name;
    EXPECT_EQ(text.back(), '\n') << env.name;
    EXPECT_NE(text.find("first-line-marker"), std::string::npos) << env.name << ":\n" << text;
    EXPECT_NE(text.find("second-line-marker"), std::string::npos) << env.name << ":\n" << text;
    if (std::string_view(env.name) != "plain") {
      // The second line never starts a record of its own: it is escaped, or indented, or boxed.
      for (const auto& line : test::split_lines(text)) {
        EXPECT_NE(line.rfind("second-line-marker", 0), 0u) << env.name << ":\n" << text;
      }
    }
  }
}

TEST(EnvelopeWrapper, NamesAreUnique) {
  std::set<std::string> names;
  for (const auto& env : all_envelopes()) {
    EXPECT_TRUE(names.insert(env.name).second) << env.name;
    EXPECT_EQ(test::find_envelope(env.name), &env);
  }
  EXPECT_EQ(test::find_envelope("no-such-envelope"), nullptr);
}

}  // namespace
}  // namespace wid

namespace wid::test {
// What gtest (and the test names ctest registers) print for an envelope: its name, not the
// pointer, so the names are the same in every build.
void PrintTo(const Envelope* e, std::ostream* os) { *os << e->name; }
}  // namespace wid::test
