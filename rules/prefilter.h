// The scanner's first stage: given a record, name the patterns that may match it. The confirm
// stage runs only those patterns' own regexes. The scanner's default is the RE2::Set below; the
// literal prefilter (rules/literal_prefilter.h, ScanOptions::literal_prefilter) puts a SIMD
// literal search in front of it and is checked against it in differential tests.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wid {

class Prefilter {
 public:
  virtual ~Prefilter() = default;
  // Appends candidate pattern indices for text to out. May over-approximate, never miss.
  virtual void candidates(std::string_view text, std::vector<int>& out) = 0;
};

// RE2::Set over every pattern. A record that unescaping would change (may_unescape) goes to the
// set of their escape-tolerant forms (escape_tolerant below), so one pass over the raw record
// finds candidates for both the raw and the unescaped text; any other record goes to the set of
// the patterns as written, which names exactly the patterns confirmation will match. The
// tolerant set is compiled on the first record that needs it. nullptr when the plain set does not
// compile; should the tolerant one fail, records with escapes are confirmed against every pattern.
// On DFA out-of-memory for a record it falls back to naming every pattern (confirmation then
// decides), never to "no match".
std::unique_ptr<Prefilter> make_set_prefilter(const std::vector<std::string>& patterns);
// Rewrites a pattern written for plain text so that it also matches the same text as it appears
// escaped in logs: quotes as \" \\\" &#34; &quot; \u0022, apostrophes as \u0027 &#39;, & < > as
// entities, a space as any run of whitespace or escaped line breaks (klog err=< blocks, \r\n in
// JSON, a Terraform box), / as \/. It only widens the language (literals in character classes and
// group syntax are left alone), so it is a sound prefilter: confirmation decides.
std::string escape_tolerant(const std::string& pattern);
// Names every pattern: the one-regex-at-a-time path, kept for differential tests.
std::unique_ptr<Prefilter> make_null_prefilter(size_t pattern_count);

}  // namespace wid
