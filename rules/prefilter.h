// The scanner's first stage: given a record, name the patterns that may match it. The confirm
// stage runs only those patterns' own regexes. The scanner's default is the RE2::Set below, with
// Hyperscan in front of it for plain ASCII records when the build has it; the
// literal prefilter (rules/literal_prefilter.h, ScanOptions::literal_prefilter) puts a SIMD
// literal search in front of it and is checked against it in differential tests.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/escape_tolerant.h"
#include "rules/line_scan.h"

namespace wid {

// The traits of text, found by looking at it (may_unescape and is_ascii).
TextTraits traits_of(std::string_view text);

class Prefilter {
 public:
  virtual ~Prefilter() = default;
  // Appends candidate pattern indices for text to out. May over-approximate, never miss.
  void candidates(std::string_view text, std::vector<int>& out) {
    candidates(text, traits_of(text), out);
  }
  // The same, with what the caller learnt of text while reading it (rules/line_scan.h): traits
  // must be true of text, or the safe defaults of TextTraits.
  virtual void candidates(std::string_view text, const TextTraits& traits,
                          std::vector<int>& out) = 0;
};

// RE2::Set over every pattern. A record that unescaping would change (may_unescape) goes to the
// set of their escape-tolerant forms (rules/escape_tolerant.h), so one pass over the raw record
// finds candidates for both the raw and the unescaped text; any other record goes to the set of
// the patterns as written, which names exactly the patterns confirmation will match. The
// tolerant set is compiled on the first record that needs it. With hyperscan (and a build and CPU
// that have it), ASCII records go to the built-in Hyperscan databases instead
// (rules/hs_prefilter.h), and the plain set too is compiled only when a record needs it. nullptr
// when the plain set is compiled here and fails; a set that fails later makes every pattern a
// candidate for the records it would have taken, as DFA out-of-memory on a record does (then
// confirmation decides), never "no match".
std::unique_ptr<Prefilter> make_set_prefilter(const std::vector<std::string>& patterns,
                                              bool hyperscan = true);
// Names every pattern: the one-regex-at-a-time path, kept for differential tests.
std::unique_ptr<Prefilter> make_null_prefilter(size_t pattern_count);

}  // namespace wid
