// The scanner's first stage: given a record, name the patterns that may match it. The confirm
// stage runs only those patterns' own regexes. Today's default is one RE2::Set over every pattern
// (a ~350 MB/s DFA, performance.md); a SIMD multi-literal prefilter can replace it here without
// touching record framing or confirmation.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

namespace wid {

class Prefilter {
 public:
  virtual ~Prefilter() = default;
  // Appends candidate pattern indices for text to out. May over-approximate, never miss.
  virtual void candidates(std::string_view text, std::vector<int>& out) = 0;
};

// RE2::Set over all patterns; nullptr when the set does not compile. On DFA out-of-memory for a
// record it falls back to naming every pattern (confirmation then decides), never to "no match".
std::unique_ptr<Prefilter> make_set_prefilter(const std::vector<std::string>& patterns);
// Names every pattern: the one-regex-at-a-time path, kept for differential tests.
std::unique_ptr<Prefilter> make_null_prefilter(size_t pattern_count);

}  // namespace wid
