#include "rules/literal_prefilter.h"

#include <map>

#include "rules/required_literals.h"

namespace wid {
namespace {

class LiteralPrefilter : public Prefilter {
 public:
  LiteralPrefilter(std::vector<std::string> literals, std::vector<std::vector<int>> lit_patterns,
                   std::unique_ptr<Prefilter> residual, std::vector<int> residual_ids,
                   size_t pattern_count, Teddy::Isa isa)
      : teddy_(literals),
        lit_patterns_(std::move(lit_patterns)),
        residual_(std::move(residual)),
        residual_ids_(std::move(residual_ids)),
        marked_(pattern_count, 0),
        isa_(isa) {}

  void candidates(std::string_view text, std::vector<int>& out) override {
    const size_t first = out.size();
    hits_.clear();
    teddy_.find(text, hits_, isa_);
    for (int lit : hits_)
      for (int p : lit_patterns_[static_cast<size_t>(lit)]) mark(p, out);
    if (residual_) {
      residual_hits_.clear();
      residual_->candidates(text, residual_hits_);
      for (int r : residual_hits_) mark(residual_ids_[static_cast<size_t>(r)], out);
    }
    for (size_t i = first; i < out.size(); ++i) marked_[static_cast<size_t>(out[i])] = 0;
  }

 private:
  void mark(int p, std::vector<int>& out) {
    if (marked_[static_cast<size_t>(p)]) return;
    marked_[static_cast<size_t>(p)] = 1;
    out.push_back(p);
  }

  Teddy teddy_;
  std::vector<std::vector<int>> lit_patterns_;  // literal -> patterns it may start
  std::unique_ptr<Prefilter> residual_;         // patterns without a literal set
  std::vector<int> residual_ids_;               // residual index -> pattern index
  std::vector<uint8_t> marked_;
  std::vector<int> hits_, residual_hits_;
  Teddy::Isa isa_;
};

}  // namespace

std::unique_ptr<Prefilter> make_literal_prefilter(const std::vector<std::string>& patterns) {
  return make_literal_prefilter(patterns, Teddy::best_isa());
}

std::unique_ptr<Prefilter> make_literal_prefilter(const std::vector<std::string>& patterns,
                                                  Teddy::Isa isa) {
  std::map<std::string, size_t> lit_index;
  std::vector<std::string> literals;
  std::vector<std::vector<int>> lit_patterns;
  std::vector<std::string> residual;
  std::vector<int> residual_ids;
  for (size_t p = 0; p < patterns.size(); ++p) {
    RequiredLiterals req = required_literals(escape_tolerant(patterns[p]));
    if (req.literals.empty()) {
      residual.push_back(patterns[p]);
      residual_ids.push_back(static_cast<int>(p));
      continue;
    }
    for (auto& l : req.literals) {
      auto [it, added] = lit_index.emplace(l, literals.size());
      if (added) {
        literals.push_back(l);
        lit_patterns.emplace_back();
      }
      lit_patterns[it->second].push_back(static_cast<int>(p));
    }
  }
  std::unique_ptr<Prefilter> set;
  if (!residual.empty() && !(set = make_set_prefilter(residual))) return nullptr;
  return std::make_unique<LiteralPrefilter>(std::move(literals), std::move(lit_patterns),
                                            std::move(set), std::move(residual_ids),
                                            patterns.size(), isa);
}

}  // namespace wid
