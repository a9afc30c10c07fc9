#include "rules/teddy.h"

#include <immintrin.h>

#include <algorithm>

namespace wid {
namespace {

// How common a (folded) byte is in controller logs, higher is commoner; the window with the
// smallest sum is the fingerprint (a prefix such as "cont" of "context deadline" would flag
// "controller=" on nearly every line).
int commonness(uint8_t c) {
  static const std::string kCommon = " etaoinsrlcduhm\"=:,.-/0123456789_";
  static const std::string kMiddle = "pgfybwvk{}[]()";
  if (kCommon.find(static_cast<char>(c)) != std::string::npos) return 4;
  if (kMiddle.find(static_cast<char>(c)) != std::string::npos) return 2;
  return 1;
}

size_t rarest_window_end(const std::string& folded) {
  if (folded.size() < Teddy::kWindow) return folded.size() - 1;
  size_t best = Teddy::kWindow - 1;
  int best_score = 1 << 30;
  for (size_t e = Teddy::kWindow - 1; e < folded.size(); ++e) {
    int score = 0;
    for (size_t k = 0; k < Teddy::kWindow; ++k)
      score += commonness(static_cast<uint8_t>(folded[e - k]));
    if (score < best_score) best_score = score, best = e;
  }
  return best;
}

}  // namespace

Teddy::Teddy(const std::vector<std::string>& literals) : isa_(best_isa()) {
  for (const auto& l : literals) {
    Literal lit;
    for (char c : l) lit.folded.push_back(static_cast<char>(c | 0x20));
    lit.window_end = rarest_window_end(lit.folded);
    literals_.push_back(std::move(lit));
  }
  seen_.assign(literals_.size(), 0);
  const size_t buckets = (literals_.size() + kPerBucket - 1) / kPerBucket;
  groups_.resize((buckets + 7) / 8);
  for (size_t i = 0; i < literals_.size(); ++i) {
    const size_t b = i % (groups_.size() * 8);
    Group& g = groups_[b / 8];
    const uint8_t bit = static_cast<uint8_t>(1u << (b % 8));
    g.bucket[b % 8].push_back(static_cast<int>(i));
    const Literal& lit = literals_[i];
    // Window position j holds literal byte window_end - (kWindow - 1 - j); before the literal's
    // first byte (a 3-byte literal) any byte will do.
    for (size_t j = 0; j < kWindow; ++j) {
      const size_t back = kWindow - 1 - j;
      if (back > lit.window_end) {
        for (auto& v : g.lo[j]) v |= bit;
        for (auto& v : g.hi[j]) v |= bit;
        for (auto& v : g.exact[j]) v |= bit;
        continue;
      }
      const uint8_t c = static_cast<uint8_t>(lit.folded[lit.window_end - back]);
      g.lo[j][c & 0xf] |= bit;
      g.hi[j][c >> 4] |= bit;
      for (int x = 0; x < 256; ++x)
        if ((x | 0x20) == c) g.exact[j][static_cast<size_t>(x)] |= bit;
    }
  }
}

Teddy::Isa Teddy::best_isa() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") ? Isa::kAvx2 : Isa::kScalar;
}

void Teddy::find(std::string_view text, std::vector<int>& hits, Isa isa) {
  const size_t first = hits.size();
  const auto* t = reinterpret_cast<const uint8_t*>(text.data());
  if (literals_.empty()) return;
  if (isa == Isa::kAvx2)
    find_avx2(t, text.size(), hits);
  else
    find_scalar(t, 0, text.size(), text.size(), hits);
  for (size_t i = first; i < hits.size(); ++i) seen_[static_cast<size_t>(hits[i])] = 0;
}

void Teddy::verify(const Group& g, uint8_t buckets, const uint8_t* t, size_t end_pos, size_t n,
                   std::vector<int>& hits) {
  for (size_t b = 0; b < 8; ++b) {
    if (!(buckets & (1u << b))) continue;
    for (int id : g.bucket[b]) {
      const Literal& lit = literals_[static_cast<size_t>(id)];
      if (seen_[static_cast<size_t>(id)] || end_pos < lit.window_end) continue;
      const size_t start = end_pos - lit.window_end;
      if (start + lit.folded.size() > n) continue;
      size_t k = 0;
      while (k < lit.folded.size() && (t[start + k] | 0x20) == static_cast<uint8_t>(lit.folded[k]))
        ++k;
      if (k < lit.folded.size()) continue;
      seen_[static_cast<size_t>(id)] = 1;
      hits.push_back(id);
    }
  }
}

// Window end positions [begin, end); bytes before the text stand for "any" (only a 3-byte
// literal's free first position can be there, and verify checks the bounds).
void Teddy::find_scalar(const uint8_t* t, size_t begin, size_t end, size_t n,
                        std::vector<int>& hits) {
  for (size_t i = begin; i < end; ++i) {
    for (const Group& g : groups_) {
      uint8_t m = g.exact[kWindow - 1][t[i]];
      for (size_t j = 0; m && j + 1 < kWindow; ++j) {
        const size_t back = kWindow - 1 - j;
        if (i >= back) m &= g.exact[j][t[i - back]];
      }
      if (m) verify(g, m, t, i, n, hits);
    }
  }
}

// Checks the 32 window ends p..p+31 (bytes p-3 .. p+31 must lie in the text); ends below
// `from` were checked by the step before.
__attribute__((target("avx2"))) void Teddy::avx2_step(const uint8_t* t, size_t p, size_t from,
                                                      size_t n, std::vector<int>& hits) {
  const __m256i fold = _mm256_set1_epi8(0x20), nib = _mm256_set1_epi8(0x0f);
  __m256i lo[kWindow], hi[kWindow];
  for (size_t j = 0; j < kWindow; ++j) {
    const __m256i v = _mm256_or_si256(
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(t + p + j - (kWindow - 1))), fold);
    lo[j] = _mm256_and_si256(v, nib);
    hi[j] = _mm256_and_si256(_mm256_srli_epi16(v, 4), nib);
  }
  const uint32_t keep = from > p ? ~0u << (from - p) : ~0u;
  alignas(32) uint8_t lanes[32];
  for (const Group& g : groups_) {
    __m256i r = _mm256_set1_epi8(-1);
    for (size_t j = 0; j < kWindow; ++j) {
      const __m256i tl = _mm256_broadcastsi128_si256(
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(g.lo[j].data())));
      const __m256i th = _mm256_broadcastsi128_si256(
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(g.hi[j].data())));
      r = _mm256_and_si256(
          r, _mm256_and_si256(_mm256_shuffle_epi8(tl, lo[j]), _mm256_shuffle_epi8(th, hi[j])));
    }
    const __m256i none = _mm256_cmpeq_epi8(r, _mm256_setzero_si256());
    uint32_t flagged = ~static_cast<uint32_t>(_mm256_movemask_epi8(none)) & keep;
    if (!flagged) continue;
    _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), r);
    while (flagged) {
      const unsigned bit = static_cast<unsigned>(__builtin_ctz(flagged));
      flagged &= flagged - 1;
      verify(g, lanes[bit], t, p + bit, n, hits);
    }
  }
}

// The first three window ends reach before the text: they go to the scalar path, as does a
// text too short for one step. A last, overlapping step covers the tail.
void Teddy::find_avx2(const uint8_t* t, size_t n, std::vector<int>& hits) {
  constexpr size_t kHead = kWindow - 1;
  if (n < kHead + 32) return find_scalar(t, 0, n, n, hits);
  find_scalar(t, 0, kHead, n, hits);
  size_t p = kHead;
  for (; p + 32 <= n; p += 32) avx2_step(t, p, p, n, hits);
  if (p < n) avx2_step(t, n - 32, p, n, hits);
}

}  // namespace wid
