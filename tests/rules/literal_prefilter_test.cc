// The literal prefilter against its oracles: Teddy's AVX2 and scalar paths against a plain
// case-insensitive search on random and adversarial texts (literals at both buffer edges, cut
// off by the end, in every case variant, next to invalid UTF-8), required_literals on known
// patterns, and on every catalog example and near miss the literal prefilter names exactly the
// candidates the RE2::Set path names (so confirmation gives the same output).
#include "rules/literal_prefilter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "rules/catalog.h"
#include "rules/prefilter.h"
#include "rules/required_literals.h"
#include "rules/teddy.h"
#include "tests/support/sweep.h"

namespace wid {
namespace {

std::vector<const Rule*> log_rules(const Catalog& c) {
  std::vector<const Rule*> out;
  for (auto& r : c.rules())
    if (r.kind == RuleKind::kLog && !r.patterns.empty()) out.push_back(&r);
  return out;
}

std::vector<std::string> catalog_patterns(const Catalog& c) {
  std::vector<std::string> out;
  for (auto* r : log_rules(c))
    for (auto& p : r->patterns) out.push_back(p);
  return out;
}

// Every literal the built-in catalog gives the prefilter (the realistic bucket load).
std::vector<std::string> catalog_literals() {
  auto catalog = load_catalog(builtin_catalog_sources());
  EXPECT_TRUE(catalog.ok());
  std::set<std::string> lits;
  if (catalog.ok())
    for (auto& p : catalog_patterns(*catalog))
      for (auto& l : required_literals(escape_tolerant(p)).literals) lits.insert(l);
  return {lits.begin(), lits.end()};
}

std::vector<int> reference_hits(const std::vector<std::string>& lits, const std::string& text) {
  auto fold = [](char c) { return static_cast<char>(c | 0x20); };
  std::string t;
  for (char c : text) t.push_back(fold(c));
  std::vector<int> out;
  for (size_t i = 0; i < lits.size(); ++i) {
    std::string l;
    for (char c : lits[i]) l.push_back(fold(c));
    if (t.find(l) != std::string::npos) out.push_back(static_cast<int>(i));
  }
  return out;
}

std::vector<int> sorted_hits(Teddy& teddy, const std::string& text, Teddy::Isa isa) {
  std::vector<int> hits;
  teddy.find(text, hits, isa);
  std::sort(hits.begin(), hits.end());
  return hits;
}

std::string random_case(std::string s, std::mt19937& rng) {
  for (char& c : s)
    if (std::isalpha(static_cast<unsigned char>(c)) && rng() % 2) c = static_cast<char>(c ^ 0x20);
  return s;
}

// Random texts built from log-ish filler, invalid UTF-8, literal fragments and whole literals
// (case-varied), some placed flush against the start or end of the buffer or cut by its end.
std::string adversarial_text(const std::vector<std::string>& lits, std::mt19937& rng) {
  static const std::vector<std::string> kFiller = {
      " ",  "controller=", "reconcileID=", "status=",  "\"",       "\\\"",
      "\n", "\xff",        "\xc3",         "\xe2\x94", "\x80\x80", "=",
      "Co", "ex",          "0123456789",   "azure",    "\xc3\xa9"};
  std::string t;
  const size_t parts = rng() % 12;
  for (size_t k = 0; k < parts; ++k) {
    const auto& lit = lits[rng() % lits.size()];
    switch (rng() % 4) {
      case 0:
        t += random_case(lit, rng);
        break;
      case 1:
        t += lit.substr(0, rng() % lit.size());  // a near miss: a cut literal
        break;
      default:
        t += kFiller[rng() % kFiller.size()];
    }
  }
  if (rng() % 3 == 0) t += random_case(lits[rng() % lits.size()], rng);  // flush with the end
  if (rng() % 5 == 0) t.resize(rng() % (t.size() + 1));                  // cut anywhere
  return t;
}

TEST(Teddy, SimdAndScalarAgreeWithPlainSearch) {
  const auto lits = catalog_literals();
  ASSERT_GT(lits.size(), 24u) << "the catalog should need several bucket groups";
  Teddy teddy(lits);
  EXPECT_GT(teddy.group_count(), 1u);
  const bool avx2 = Teddy::best_isa() == Teddy::Isa::kAvx2;
  std::mt19937 rng(12);
  size_t with_hits = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string text = adversarial_text(lits, rng);
    const auto want = reference_hits(lits, text);
    with_hits += !want.empty();
    ASSERT_EQ(sorted_hits(teddy, text, Teddy::Isa::kScalar), want) << "scalar, text: " << text;
    if (avx2) {
      ASSERT_EQ(sorted_hits(teddy, text, Teddy::Isa::kAvx2), want) << "avx2: " << text;
    }
  }
  EXPECT_GT(with_hits, 5000u);  // the inputs exercise hits, not only misses
  if (!avx2) GTEST_SKIP() << "no AVX2 on this CPU: only the scalar path was compared";
}

TEST(Teddy, EveryOffsetAndLength) {
  const std::vector<std::string> lits = {"exceeded", "AADSTS700213", "kid", "not found", "x5c"};
  Teddy teddy(lits);
  const bool avx2 = Teddy::best_isa() == Teddy::Isa::kAvx2;
  for (size_t li = 0; li < lits.size(); ++li) {
    for (size_t len = 0; len < 80; ++len) {
      for (size_t at = 0; at <= len; ++at) {
        std::string text(len, '.');
        text.replace(at, std::min(lits[li].size(), len - at), lits[li], 0, len - at);
        const auto want = reference_hits(lits, text);
        ASSERT_EQ(sorted_hits(teddy, text, Teddy::Isa::kScalar), want) << text;
        if (avx2) {
          ASSERT_EQ(sorted_hits(teddy, text, Teddy::Isa::kAvx2), want) << text;
        }
      }
    }
  }
}

TEST(RequiredLiterals, KeepsTheStrongAlternativesAndDropsWeakAtoms) {
  auto r = required_literals("(QuotaExceeded|OperationNotAllowed).*quota");
  std::sort(r.literals.begin(), r.literals.end());
  EXPECT_EQ(r.literals, (std::vector<std::string>{"operationnotallowed", "quotaexceeded"}));
  // Every one of the three words is required: one is enough, and the greedy pass keeps a long one.
  r = required_literals(escape_tolerant("context deadline exceeded"));
  ASSERT_EQ(r.literals.size(), 1u);
  EXPECT_TRUE(r.literals[0] == "deadline" || r.literals[0] == "exceeded") << r.literals[0];
}

TEST(RequiredLiterals, NamesWhyAPatternHasNone) {
  for (const char* p : {"[a-f0-9]{32}", "(?:foo)?bar?", "ab+c", "(token|key)?s:\\d+"}) {
    const auto r = required_literals(p);
    EXPECT_TRUE(r.literals.empty()) << p;
    EXPECT_FALSE(r.why_none.empty()) << p;
  }
  EXPECT_EQ(required_literals("caf\xc3\xa9 cr\xc3\xa8me").literals.size(), 0u);
}

TEST(LiteralPrefilter, NamesTheSetCandidatesOnCatalogExamples) {
  auto catalog = load_catalog(builtin_catalog_sources());
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  const auto patterns = catalog_patterns(*catalog);
  auto set = make_set_prefilter(patterns);
  auto scalar = make_literal_prefilter(patterns, Teddy::Isa::kScalar);
  auto best = make_literal_prefilter(patterns);
  ASSERT_TRUE(set && scalar && best);
  size_t texts = 0;
  for (auto* r : log_rules(*catalog)) {
    std::vector<std::string> all = r->examples;
    all.insert(all.end(), r->counterexamples.begin(), r->counterexamples.end());
    for (auto& text : all) {
      if (!test::in_sweep(texts++)) continue;
      std::vector<int> s, l, b;
      set->candidates(text, s);
      scalar->candidates(text, l);
      best->candidates(text, b);
      std::sort(s.begin(), s.end());
      std::sort(l.begin(), l.end());
      std::sort(b.begin(), b.end());
      EXPECT_EQ(l, s) << r->id << ": scalar literal path vs Set on " << text;
      EXPECT_EQ(b, s) << r->id << ": best literal path vs Set on " << text;
    }
  }
  EXPECT_GT(texts, 100u);
}

// A pattern without a literal set stays on its own Set and is named on records where no other
// pattern's literal occurs, as well as on those where one does.
TEST(LiteralPrefilter, PatternsWithoutLiteralsStillNamed) {
  const std::vector<std::string> patterns = {"proxy denied CONNECT to (?P<host>\\S+):443",
                                             "[0-9a-f]{32}", "AADSTS700213"};
  auto set = make_set_prefilter(patterns);
  auto lit = make_literal_prefilter(patterns);
  ASSERT_TRUE(set && lit);
  for (const std::string text :
       {"trace 0123456789abcdef0123456789abcdef",
        "proxy denied CONNECT to x:443 0123456789abcdef0123456789abcdef", "aadsts700213 only",
        "nothing here", "PROXY  DENIED\\nconnect to h:443"}) {
    std::vector<int> s, l;
    set->candidates(text, s);
    lit->candidates(text, l);
    std::sort(s.begin(), s.end());
    std::sort(l.begin(), l.end());
    EXPECT_EQ(l, s) << text;
  }
}

}  // namespace
}  // namespace wid
