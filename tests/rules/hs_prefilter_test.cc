// The Hyperscan stage (rules/hs_prefilter.h) against the RE2::Sets it stands in front of: on every
// ASCII record, plain or escaped, it names at least every pattern the Sets name (random splices of
// catalog examples, escapes, cuts at any byte, matches at the very end without a newline). Also:
// the build-time databases hold every built-in log pattern; patterns they do not hold (a user
// rule, a repeated text) still come through the RE2::Sets beside them; is_ascii at every offset.
#include "rules/hs_prefilter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "rules/catalog.h"
#include "rules/log_scanner.h"
#include "rules/prefilter.h"
#include "tests/support/sweep.h"

namespace wid {
namespace {

struct Texts {
  std::vector<std::string> patterns, examples;
};

Texts builtin() {
  Texts t;
  auto catalog = load_catalog(builtin_catalog_sources());
  EXPECT_TRUE(catalog.ok());
  if (!catalog.ok()) return t;
  for (const Rule* r : catalog->log_rules()) {
    t.patterns.insert(t.patterns.end(), r->patterns.begin(), r->patterns.end());
    t.examples.insert(t.examples.end(), r->examples.begin(), r->examples.end());
    t.examples.insert(t.examples.end(), r->counterexamples.begin(), r->counterexamples.end());
  }
  return t;
}

bool have_hyperscan() { return !hyperscan_version().empty(); }

std::vector<int> sorted(std::vector<int> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// Records as logs carry them: examples whole, spliced with each other, cut at any byte, wrapped
// in quotes and escapes, with noise around; kept only when ASCII.
std::vector<std::string> records(const std::vector<std::string>& examples, size_t n) {
  std::mt19937 rng(20261206);
  auto pick = [&](size_t k) { return std::uniform_int_distribution<size_t>(0, k - 1)(rng); };
  constexpr const char* kWraps[] = {"%s",
                                    "E1206 10:00:00.000000 1 c.go:1] \"x\" err=\"%s\"",
                                    "{\"msg\":\"%s\"}",
                                    "&#34;%s&#34;",
                                    "%s\\n",
                                    "\\\"%s\\\"",
                                    "<pre>%s</pre> &amp;"};
  std::vector<std::string> out;
  while (out.size() < n) {
    std::string text = examples[pick(examples.size())];
    switch (pick(4)) {
      case 0: {  // spliced with another example (some are shorter than the cut: `yes`)
        const std::string& other = examples[pick(examples.size())];
        text = text.substr(0, pick(text.size() + 1)) +
               other.substr(pick(std::min<size_t>(other.size(), 7) + 1));
        break;
      }
      case 1:  // cut at any byte, the match possibly at the very end
        text = text.substr(pick(std::min<size_t>(text.size(), 16) + 1));
        text = text.substr(0, text.size() - pick(std::min<size_t>(text.size(), 4) + 1));
        break;
      case 2:  // noise around
        text = std::string(pick(40), 'a' + static_cast<char>(pick(26))) + " " + text + " \t";
        break;
      default:
        break;
    }
    std::string wrap = kWraps[pick(std::size(kWraps))];
    wrap.replace(wrap.find("%s"), 2, text);
    if (is_ascii(wrap)) out.push_back(wrap);
  }
  return out;
}

TEST(HsPrefilter, BuiltinDatabasesHoldEveryBuiltinPattern) {
  if (!have_hyperscan()) GTEST_SKIP() << "this build has no Hyperscan (libhyperscan-dev)";
  const Texts t = builtin();
  ASSERT_FALSE(t.patterns.empty());
  auto m = make_hs_matcher(t.patterns);
  ASSERT_TRUE(m) << "the CPU cannot run Hyperscan, or the databases are empty";
  const std::set<std::string> distinct(t.patterns.begin(), t.patterns.end());
  EXPECT_EQ(m->covered(), distinct.size());
}

TEST(HsPrefilter, NamesEveryPatternTheSetsNameOnAsciiRecords) {
  if (!have_hyperscan()) GTEST_SKIP() << "this build has no Hyperscan (libhyperscan-dev)";
  const Texts t = builtin();
  auto hs = make_set_prefilter(t.patterns, true);
  auto sets = make_set_prefilter(t.patterns, false);
  ASSERT_TRUE(hs && sets);
  size_t escaped = 0, named = 0, same = 0;
  const size_t n = 3000 / test::sweep_stride(8);
  const auto all = records(t.examples, n);
  for (const auto& text : all) {
    std::vector<int> a, b;
    hs->candidates(text, a);
    sets->candidates(text, b);
    a = sorted(a);
    b = sorted(b);
    EXPECT_TRUE(std::includes(a.begin(), a.end(), b.begin(), b.end())) << text;
    escaped += may_unescape(text) ? 1 : 0;
    named += b.empty() ? 0 : 1;
    same += a == b ? 1 : 0;
  }
  // The records exercise both databases and real matches, and Hyperscan is not a pass-all.
  EXPECT_GT(escaped, n / 3);
  EXPECT_GT(all.size() - escaped, n / 10);
  EXPECT_GT(named, n / 3);
  EXPECT_GT(same, all.size() * 9 / 10);
}

TEST(HsPrefilter, PatternsOutsideTheDatabasesComeThroughTheSets) {
  if (!have_hyperscan()) GTEST_SKIP() << "this build has no Hyperscan (libhyperscan-dev)";
  Texts t = builtin();
  ASSERT_FALSE(t.patterns.empty());
  const int user = static_cast<int>(t.patterns.size());
  t.patterns.push_back(R"(wid-test-(?P<x>[a-z]+)-marker\s+"done")");
  const int repeat = static_cast<int>(t.patterns.size());
  t.patterns.push_back(t.patterns[0]);  // the same text again: a second rule's pattern
  auto m = make_hs_matcher(t.patterns);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->covered(), std::set<std::string>(t.patterns.begin(), t.patterns.end()).size() - 1);
  for (const std::string& text : {std::string("x wid-test-abc-marker \"done\""),
                                  std::string("{\"m\":\"wid-test-abc-marker \\\"done\\\"\"}")}) {
    std::vector<int> got;
    ASSERT_TRUE(m->candidates(text, may_unescape(text), got));
    EXPECT_NE(std::find(got.begin(), got.end(), user), got.end()) << text;
  }
  // The repeated text: both indices, the first from the database, the second from the set, on
  // an example the Sets alone name pattern 0 for (so the check cannot pass with neither named).
  auto sets = make_set_prefilter(t.patterns, false);
  ASSERT_TRUE(sets);
  std::string example;
  for (const auto& ex : t.examples) {
    if (!is_ascii(ex) || may_unescape(ex)) continue;
    std::vector<int> named;
    sets->candidates(ex, named);
    if (std::find(named.begin(), named.end(), 0) != named.end()) {
      example = ex;
      break;
    }
  }
  ASSERT_FALSE(example.empty()) << "no plain ASCII catalog example matches the first pattern";
  std::vector<int> got;
  ASSERT_TRUE(m->candidates(example, false, got));
  got = sorted(got);
  EXPECT_TRUE(std::binary_search(got.begin(), got.end(), 0)) << example;
  EXPECT_TRUE(std::binary_search(got.begin(), got.end(), repeat)) << example;
}

TEST(HsPrefilter, WithoutBuiltinPatternsThereIsNoMatcher) {
  EXPECT_EQ(make_hs_matcher({"only-a-user-pattern"}), nullptr);
}

TEST(HsPrefilter, IsAsciiAtEveryOffset) {
  for (size_t n = 0; n < 40; ++n) {
    std::string s(n, 'a');
    EXPECT_TRUE(is_ascii(s));
    for (size_t i = 0; i < n; ++i) {
      std::string t = s;
      t[i] = static_cast<char>(0x80 + static_cast<int>(i % 64));
      EXPECT_FALSE(is_ascii(t)) << n << " " << i;
      EXPECT_TRUE(is_ascii(std::string_view(t).substr(0, i)));
    }
  }
}

}  // namespace
}  // namespace wid
