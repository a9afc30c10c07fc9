#include "rules/prefilter.h"

#include <string>

#include <re2/re2.h>
#include <re2/set.h>

#include "analyzer/model/limits.h"

namespace wid {
namespace {

class SetPrefilter : public Prefilter {
 public:
  explicit SetPrefilter(std::unique_ptr<RE2::Set> set, size_t n) : set_(std::move(set)), n_(n) {}
  void candidates(std::string_view text, std::vector<int>& out) override {
    RE2::Set::ErrorInfo info;
    hits_.clear();
    if (set_->Match(re2::StringPiece(text.data(), text.size()), &hits_, &info)) {
      out.insert(out.end(), hits_.begin(), hits_.end());
    } else if (info.kind != RE2::Set::kNoError) {
      // The 2-argument Match would report this as "no match" (re2#136): fall back to confirming
      // every pattern on this record.
      for (size_t i = 0; i < n_; ++i) out.push_back(static_cast<int>(i));
    }
  }

 private:
  std::unique_ptr<RE2::Set> set_;
  size_t n_;
  std::vector<int> hits_;
};

class NullPrefilter : public Prefilter {
 public:
  explicit NullPrefilter(size_t n) : n_(n) {}
  void candidates(std::string_view, std::vector<int>& out) override {
    for (size_t i = 0; i < n_; ++i) out.push_back(static_cast<int>(i));
  }

 private:
  size_t n_;
};

}  // namespace

std::unique_ptr<Prefilter> make_set_prefilter(const std::vector<std::string>& patterns) {
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_max_mem(limits::kRe2SetMaxMem);
  auto set = std::make_unique<RE2::Set>(opts, RE2::UNANCHORED);
  for (auto& p : patterns) {
    std::string err;
    if (set->Add(p, &err) < 0) return nullptr;
  }
  if (!set->Compile()) return nullptr;
  return std::make_unique<SetPrefilter>(std::move(set), patterns.size());
}

std::unique_ptr<Prefilter> make_null_prefilter(size_t pattern_count) {
  return std::make_unique<NullPrefilter>(pattern_count);
}

}  // namespace wid
