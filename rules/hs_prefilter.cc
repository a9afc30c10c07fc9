#include "rules/hs_prefilter.h"

#include <cstdint>
#include <cstring>

#ifdef WID_HAVE_HYPERSCAN
#include <hs/hs.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <mutex>
#include <unordered_map>

#include "analyzer/model/limits.h"
#include "rules/escape_tolerant.h"
#include "rules/hs_builtin_db.h"
#endif

namespace wid {

bool is_ascii(std::string_view text) {
  // Eight bytes at a time: the compiler turns this into vector ORs.
  const char* p = text.data();
  size_t n = text.size();
  uint64_t acc = 0;
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    acc |= w;
  }
  for (; n > 0; ++p, --n) acc |= static_cast<unsigned char>(*p);
  return (acc & 0x8080808080808080ULL) == 0;
}

#ifdef WID_HAVE_HYPERSCAN
namespace {

// A built-in database, deserialized once for the process on first use and shared read-only by
// every thread (each thread has its own scratch). nullptr when the CPU cannot run it.
hs_database_t* deserialize(std::string_view bytes) {
  hs_database_t* db = nullptr;
  if (bytes.empty() || hs_valid_platform() != HS_SUCCESS) return nullptr;
  if (hs_deserialize_database(bytes.data(), bytes.size(), &db) != HS_SUCCESS) return nullptr;
  return db;
}

const hs_database_t* plain_db() {
  static hs_database_t* const db = deserialize(hs_builtin_database().plain);
  return db;
}

// The tolerant database is 2.6 MB against 0.7 MB: a bundle without escapes never loads it.
const hs_database_t* tolerant_db() {
  static hs_database_t* const db = deserialize(hs_builtin_database().tolerant);
  return db;
}

struct Hits {
  const std::vector<int>* to_pattern;  // database id -> index into the scanner's patterns
  std::vector<int>* out;
};

int on_match(unsigned int id, unsigned long long, unsigned long long, unsigned int, void* ctx) {
  auto* hits = static_cast<Hits*>(ctx);
  const int p = (*hits->to_pattern)[id];
  if (p >= 0) hits->out->push_back(p);
  return 0;  // go on: every pattern of the record
}

// The patterns the databases do not hold, as an RE2::Set (as written or tolerant), compiled on
// first use; its matches are mapped back to the scanner's indices.
class Residual {
 public:
  Residual(const std::vector<std::string>& patterns, std::vector<int> which, bool tolerant)
      : patterns_(patterns), which_(std::move(which)), tolerant_(tolerant) {}
  // false when the set could not be compiled or failed on text.
  bool add(std::string_view text, std::vector<int>& out) {
    if (which_.empty()) return true;
    if (!set_ && !failed_) compile();
    if (!set_) return false;
    RE2::Set::ErrorInfo info;
    const re2::StringPiece piece(text.data(), text.size());
    if (!set_->Match(piece, nullptr, &info) && info.kind == RE2::Set::kNoError) return true;
    hits_.clear();
    if (info.kind != RE2::Set::kNoError || !set_->Match(piece, &hits_, &info) ||
        info.kind != RE2::Set::kNoError)
      return false;
    for (int h : hits_) out.push_back(which_[static_cast<size_t>(h)]);
    return true;
  }

 private:
  void compile() {
    RE2::Options opts;
    opts.set_log_errors(false);
    opts.set_max_mem(limits::kRe2SetMaxMem);
    opts.set_dot_nl(true);
    set_ = std::make_unique<RE2::Set>(opts, RE2::UNANCHORED);
    for (int i : which_) {
      const std::string& p = patterns_[static_cast<size_t>(i)];
      if (set_->Add(tolerant_ ? escape_tolerant(p) : p, nullptr) < 0) set_.reset();
      if (!set_) break;
    }
    if (set_ && !set_->Compile()) set_.reset();
    failed_ = !set_;
  }

  const std::vector<std::string>& patterns_;
  std::vector<int> which_;
  bool tolerant_, failed_ = false;
  std::unique_ptr<RE2::Set> set_;
  std::vector<int> hits_;
};

struct Stage {
  const hs_database_t* db = nullptr;
  hs_scratch_t* scratch = nullptr;
};

class HsMatcherImpl : public HsMatcher {
 public:
  HsMatcherImpl(const std::vector<std::string>& patterns, std::vector<int> to_pattern,
                size_t covered, const std::vector<int>& residual)
      : patterns_(patterns),
        to_pattern_(std::move(to_pattern)),
        covered_(covered),
        plain_residual_(patterns_, residual, false),
        tolerant_residual_(patterns_, residual, true) {}
  ~HsMatcherImpl() override {
    hs_free_scratch(plain_.scratch);
    hs_free_scratch(tolerant_.scratch);
  }
  HsMatcherImpl(const HsMatcherImpl&) = delete;
  HsMatcherImpl& operator=(const HsMatcherImpl&) = delete;

  bool candidates(std::string_view text, bool escaped, std::vector<int>& out) override {
    Stage& stage = escaped ? tolerant_ : plain_;
    if (!stage.scratch && !open(stage, escaped ? tolerant_db() : plain_db())) return false;
    const size_t before = out.size();
    Hits hits{&to_pattern_, &out};
    const bool ok = hs_scan(stage.db, text.data(), static_cast<unsigned>(text.size()), 0,
                            stage.scratch, on_match, &hits) == HS_SUCCESS &&
                    (escaped ? tolerant_residual_ : plain_residual_).add(text, out);
    if (!ok) out.resize(before);
    return ok;
  }
  size_t covered() const override { return covered_; }

  bool open_plain() { return open(plain_, plain_db()); }

 private:
  static bool open(Stage& stage, const hs_database_t* db) {
    if (!db) return false;
    if (hs_alloc_scratch(db, &stage.scratch) != HS_SUCCESS) {
      stage.scratch = nullptr;
      return false;
    }
    stage.db = db;
    return true;
  }

  std::vector<std::string> patterns_;
  std::vector<int> to_pattern_;
  size_t covered_;
  Residual plain_residual_, tolerant_residual_;
  Stage plain_, tolerant_;
};

}  // namespace

std::unique_ptr<HsMatcher> make_hs_matcher(const std::vector<std::string>& patterns) {
  const HsBuiltinDatabase built = hs_builtin_database();
  if (built.pattern_count == 0) return nullptr;
  std::unordered_map<std::string_view, int> index;  // pattern text -> first scanner index
  for (size_t i = 0; i < patterns.size(); ++i) index.emplace(patterns[i], static_cast<int>(i));
  std::vector<int> to_pattern(built.pattern_count, -1);
  std::vector<bool> held(patterns.size(), false);
  size_t covered = 0;
  for (size_t id = 0; id < built.pattern_count; ++id) {
    auto it = index.find(built.patterns[id]);
    if (it == index.end()) continue;
    to_pattern[id] = it->second;
    held[static_cast<size_t>(it->second)] = true;
    ++covered;
  }
  if (covered == 0) return nullptr;
  // Patterns the databases do not hold, and repeats of a held text (the databases name the first
  // index only), go to the residual sets.
  std::vector<int> residual;
  for (size_t i = 0; i < patterns.size(); ++i)
    if (!held[i]) residual.push_back(static_cast<int>(i));
  auto m = std::make_unique<HsMatcherImpl>(patterns, std::move(to_pattern), covered, residual);
  if (!m->open_plain()) return nullptr;
  return m;
}

std::string hyperscan_version() { return hs_version(); }

#else

std::unique_ptr<HsMatcher> make_hs_matcher(const std::vector<std::string>&) { return nullptr; }

std::string hyperscan_version() { return ""; }

#endif

}  // namespace wid
