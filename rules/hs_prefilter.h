// Hyperscan as the first stage for ASCII records: one pass over the record names every built-in
// pattern that matches it, two to three times as fast as the RE2::Set's DFA (bench/README.md). Its
// databases are compiled at build time (rules/hs_builtin_db.h): the patterns as written for records
// that unescaping leaves alone, their escape-tolerant forms for the others, as the RE2::Sets do
// (rules/prefilter.h). Patterns the databases do not hold (user rules, one Hyperscan rejects) go to
// small RE2::Sets beside them.
//
// Soundness: the scanner's RE2 options and the databases' flags agree on ASCII text (`.` matches a
// line break; no case folding beyond ASCII can apply; \b \w \d are ASCII in both; \s adds only \v);
// `$` in Hyperscan also matches before a final newline, which only adds candidates. So an ASCII
// record gets at least the candidates the RE2::Set would name. Other records stay with the Sets.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wid {

class HsMatcher {
 public:
  virtual ~HsMatcher() = default;
  // Appends the indices (into the patterns given to make_hs_matcher) of the patterns that may
  // match text, which must be ASCII; escaped: whether unescaping may change it (the tolerant
  // forms then decide). false when a stage failed on this record: the caller uses its RE2::Sets.
  virtual bool candidates(std::string_view text, bool escaped, std::vector<int>& out) = 0;
  // How many of the patterns the databases hold (the rest go to the RE2::Sets beside them).
  virtual size_t covered() const = 0;
};

// nullptr when this build has no Hyperscan, the CPU cannot run it, or the databases hold none of
// the patterns (a run with --no-builtin-rules): the caller keeps using its RE2::Sets alone.
std::unique_ptr<HsMatcher> make_hs_matcher(const std::vector<std::string>& patterns);

// "5.4.0 2021-01-26" when this build scans with Hyperscan, else empty (`wi-doctor version`).
std::string hyperscan_version();

// Whether text holds only ASCII bytes (the records the matcher may be given).
bool is_ascii(std::string_view text);

}  // namespace wid
