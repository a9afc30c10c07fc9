// The RE2::Set prefilter (rules/prefilter.h) against its oracle, each pattern's own RE2: on a
// record that unescaping leaves alone it names exactly the patterns that match the record as
// written; on any other record it names at least every pattern that matches the record or its
// unescaped text. Over every catalog example and near miss, as written and in real escapings, with
// the Hyperscan stage in front and without it.
#include "rules/prefilter.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "rules/catalog.h"
#include "rules/log_scanner.h"
#include "tests/support/sweep.h"

namespace wid {
namespace {

struct Compiled {
  std::vector<std::string> patterns;
  std::vector<std::unique_ptr<RE2>> regexes;
};

Compiled catalog_patterns() {
  Compiled out;
  auto catalog = load_catalog(builtin_catalog_sources());
  EXPECT_TRUE(catalog.ok());
  if (!catalog.ok()) return out;
  RE2::Options opts;
  opts.set_log_errors(false);
  for (auto& r : catalog->rules())
    if (r.kind == RuleKind::kLog)
      for (auto& p : r.patterns) {
        out.patterns.push_back(p);
        out.regexes.push_back(std::make_unique<RE2>(p, opts));
      }
  return out;
}

// Every example and near miss, or this build's sweep sample of them (tests/support/sweep.h).
std::vector<std::string> catalog_texts() {
  std::vector<std::string> all;
  auto catalog = load_catalog(builtin_catalog_sources());
  if (!catalog.ok()) return all;
  for (auto& r : catalog->rules()) {
    all.insert(all.end(), r.examples.begin(), r.examples.end());
    all.insert(all.end(), r.counterexamples.begin(), r.counterexamples.end());
  }
  return test::swept(std::move(all));
}

// A floor on how many texts a test met, scaled down to this build's sample.
size_t at_least(size_t n) { return n / test::sweep_stride(8); }

// The same text as logs carry it: Go-quoted in a klog err="...", and HTML-escaped.
std::string klog_quoted(const std::string& text) {
  std::string q;
  for (char c : text) {
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return "E1105 10:00:00.000000       1 controller.go:42] \"Reconcile error\" err=\"" + q + "\"";
}

std::string html_escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"')
      out += "&#34;";
    else if (c == '\'')
      out += "&#39;";
    else
      out += c;
  }
  return "<pre>" + out + "</pre> &amp; more";
}

std::vector<int> oracle(const Compiled& c, const std::string& text) {
  std::vector<int> out;
  const std::string clean = unescape_record(text);
  for (size_t i = 0; i < c.regexes.size(); ++i)
    if (RE2::PartialMatch(text, *c.regexes[i]) || RE2::PartialMatch(clean, *c.regexes[i]))
      out.push_back(static_cast<int>(i));
  return out;
}

// With and without the Hyperscan stage in front (rules/hs_prefilter.h).
class SetPrefilter : public ::testing::TestWithParam<bool> {};

TEST_P(SetPrefilter, NamesExactlyTheMatchingPatternsOnPlainRecords) {
  const Compiled c = catalog_patterns();
  auto set = make_set_prefilter(c.patterns, GetParam());
  ASSERT_TRUE(set);
  size_t plain = 0, named = 0;
  for (auto& text : catalog_texts()) {
    if (may_unescape(text)) continue;
    ++plain;
    std::vector<int> got;
    set->candidates(text, got);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, oracle(c, text)) << text;
    named += got.empty() ? 0 : 1;
  }
  EXPECT_GT(plain, at_least(100));
  EXPECT_GT(named, at_least(50));  // the examples match: an always-empty set would fail here
}

TEST_P(SetPrefilter, NamesEveryMatchingPatternOnEscapedRecords) {
  const Compiled c = catalog_patterns();
  auto set = make_set_prefilter(c.patterns, GetParam());
  ASSERT_TRUE(set);
  size_t escaped = 0, found = 0;
  for (auto& text : catalog_texts()) {
    for (const std::string& record : {klog_quoted(text), html_escaped(text)}) {
      if (!may_unescape(record)) continue;
      ++escaped;
      std::vector<int> got;
      set->candidates(record, got);
      const std::vector<int> want = oracle(c, record);
      for (int p : want)
        EXPECT_NE(std::find(got.begin(), got.end(), p), got.end())
            << "pattern " << c.patterns[static_cast<size_t>(p)] << " not named on " << record;
      found += want.empty() ? 0 : 1;
    }
  }
  EXPECT_GT(escaped, at_least(200));
  EXPECT_GT(found, at_least(100));
}

INSTANTIATE_TEST_SUITE_P(Hyperscan, SetPrefilter, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& i) {
                           return i.param ? "WithHyperscan" : "SetsAlone";
                         });

}  // namespace
}  // namespace wid
