#include "rules/prefilter.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <string>

#include "analyzer/model/limits.h"
#include "rules/hs_prefilter.h"
#include "rules/log_scanner.h"

namespace wid {
namespace {

// One RE2::Set over the patterns, as written or in their escape-tolerant form; nullptr when one
// does not compile.
std::unique_ptr<RE2::Set> compile_set(const std::vector<std::string>& patterns, bool tolerant) {
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_max_mem(limits::kRe2SetMaxMem);
  // `.` may cross a line break of a multi-line record, as it can in the joined unescaped text.
  opts.set_dot_nl(true);
  auto set = std::make_unique<RE2::Set>(opts, RE2::UNANCHORED);
  for (auto& p : patterns) {
    std::string err;
    if (set->Add(tolerant ? escape_tolerant(p) : p, &err) < 0) return nullptr;
  }
  if (!set->Compile()) return nullptr;
  return set;
}

// Two sets over the same patterns: the plain one as written, for records that unescaping leaves
// as they are (most lines), and the escape-tolerant one for the rest, each compiled when first
// needed (a bundle without escapes never pays for the larger tolerant set). Confirmation of a
// plain record runs the patterns as written on the record alone, so the plain set names exactly
// the candidates it needs, without the tolerant forms' false candidates. With Hyperscan, ASCII
// records go to it instead (rules/hs_prefilter.h), and the sets see only the rest.
class SetPrefilter : public Prefilter {
 public:
  SetPrefilter(std::unique_ptr<RE2::Set> plain, const std::vector<std::string>& patterns,
               std::unique_ptr<HsMatcher> hs)
      : patterns_(patterns), hs_(std::move(hs)) {
    sets_[0] = std::move(plain);
  }
  using Prefilter::candidates;
  void candidates(std::string_view text, const TextTraits& traits, std::vector<int>& out) override {
    const bool escaped = traits.escaped;
    if (hs_ && traits.ascii && hs_->candidates(text, escaped, out)) return;
    RE2::Set* set = this->set(escaped);
    if (!set) return name_all(out);
    const re2::StringPiece piece(text.data(), text.size());
    RE2::Set::ErrorInfo info;
    hits_.clear();
    // Most records match nothing. Asked without a list, the set allocates no match set and
    // stops at the first match; only a record that matches is searched again for the list.
    if (!set->Match(piece, nullptr, &info) && info.kind == RE2::Set::kNoError) return;
    if (info.kind == RE2::Set::kNoError && set->Match(piece, &hits_, &info)) {
      out.insert(out.end(), hits_.begin(), hits_.end());
    } else if (info.kind != RE2::Set::kNoError) {
      // The 2-argument Match would report this as "no match" (re2#136): fall back to confirming
      // every pattern on this record.
      name_all(out);
    }
  }

 private:
  // The set for plain (0) or escaped (1) records, compiled on first use; nullptr when it does not
  // compile (every pattern is then a candidate).
  RE2::Set* set(bool escaped) {
    const int k = escaped ? 1 : 0;
    if (!sets_[k] && !failed_[k]) {
      sets_[k] = compile_set(patterns_, escaped);
      failed_[k] = !sets_[k];
    }
    return sets_[k].get();
  }
  void name_all(std::vector<int>& out) const {
    for (size_t i = 0; i < patterns_.size(); ++i) out.push_back(static_cast<int>(i));
  }

  std::unique_ptr<RE2::Set> sets_[2];
  bool failed_[2] = {false, false};
  std::vector<std::string> patterns_;
  std::unique_ptr<HsMatcher> hs_;
  std::vector<int> hits_;
};

class NullPrefilter : public Prefilter {
 public:
  explicit NullPrefilter(size_t n) : n_(n) {}
  using Prefilter::candidates;
  void candidates(std::string_view, const TextTraits&, std::vector<int>& out) override {
    for (size_t i = 0; i < n_; ++i) out.push_back(static_cast<int>(i));
  }

 private:
  size_t n_;
};

}  // namespace

TextTraits traits_of(std::string_view text) {
  return TextTraits{may_unescape(text), is_ascii(text)};
}

std::unique_ptr<Prefilter> make_set_prefilter(const std::vector<std::string>& patterns,
                                              bool hyperscan) {
  auto hs = hyperscan ? make_hs_matcher(patterns) : nullptr;
  // Without Hyperscan most records need the plain set: compile it now, so that a pattern RE2
  // cannot take fails the scanner's creation. With it, only non-ASCII records do.
  std::unique_ptr<RE2::Set> plain;
  if (!hs && !(plain = compile_set(patterns, false))) return nullptr;
  return std::make_unique<SetPrefilter>(std::move(plain), patterns, std::move(hs));
}

std::unique_ptr<Prefilter> make_null_prefilter(size_t pattern_count) {
  return std::make_unique<NullPrefilter>(pattern_count);
}

}  // namespace wid
