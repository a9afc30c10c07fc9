#include "rules/literal_prefilter.h"

#include <map>
#include <mutex>
#include <set>

#include "rules/required_literals.h"

namespace wid {
namespace {

class LiteralPrefilter : public Prefilter {
 public:
  LiteralPrefilter(const std::vector<std::string>& literals, std::unique_ptr<Prefilter> full,
                   std::unique_ptr<Prefilter> residual, std::vector<int> residual_ids,
                   Teddy::Isa isa)
      : teddy_(literals),
        full_(std::move(full)),
        residual_(std::move(residual)),
        residual_ids_(std::move(residual_ids)),
        isa_(isa) {}

  using Prefilter::candidates;
  void candidates(std::string_view text, const TextTraits& traits, std::vector<int>& out) override {
    hits_.clear();
    teddy_.find(text, hits_, isa_);
    // A literal present: the Set over every pattern names the exact candidates (a weak literal
    // such as "identity" would otherwise send every such record to unescaping and confirmation).
    // None: only the patterns without literals can match, and their own Set says which.
    if (!hits_.empty()) {
      full_->candidates(text, traits, out);
    } else if (residual_) {
      residual_hits_.clear();
      residual_->candidates(text, traits, residual_hits_);
      for (int r : residual_hits_) out.push_back(residual_ids_[static_cast<size_t>(r)]);
    }
  }

 private:
  Teddy teddy_;
  std::unique_ptr<Prefilter> full_;      // RE2::Set over every pattern
  std::unique_ptr<Prefilter> residual_;  // RE2::Set over the patterns without a literal set
  std::vector<int> residual_ids_;        // residual index -> pattern index
  std::vector<int> hits_, residual_hits_;
  Teddy::Isa isa_;
};

// Every worker thread compiles its own prefilter; the literal sets (a FilteredRE2 per pattern)
// are the same for all of them, so they are derived once per process.
RequiredLiterals cached_required_literals(const std::string& pattern) {
  static std::mutex mutex;
  static std::map<std::string, RequiredLiterals> cache;
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find(pattern);
    if (it != cache.end()) return it->second;
  }
  RequiredLiterals req = required_literals(escape_tolerant(pattern));
  std::lock_guard<std::mutex> lock(mutex);
  return cache.emplace(pattern, std::move(req)).first->second;
}

}  // namespace

std::unique_ptr<Prefilter> make_literal_prefilter(const std::vector<std::string>& patterns) {
  return make_literal_prefilter(patterns, Teddy::best_isa());
}

std::unique_ptr<Prefilter> make_literal_prefilter(const std::vector<std::string>& patterns,
                                                  Teddy::Isa isa) {
  std::set<std::string> literals;
  std::vector<std::string> residual;
  std::vector<int> residual_ids;
  for (size_t p = 0; p < patterns.size(); ++p) {
    RequiredLiterals req = cached_required_literals(patterns[p]);
    if (req.literals.empty()) {
      residual.push_back(patterns[p]);
      residual_ids.push_back(static_cast<int>(p));
    }
    literals.insert(req.literals.begin(), req.literals.end());
  }
  auto full = make_set_prefilter(patterns, false);
  std::unique_ptr<Prefilter> rest;
  if (!full || (!residual.empty() && !(rest = make_set_prefilter(residual, false)))) return nullptr;
  return std::make_unique<LiteralPrefilter>(
      std::vector<std::string>(literals.begin(), literals.end()), std::move(full), std::move(rest),
      std::move(residual_ids), isa);
}

}  // namespace wid
