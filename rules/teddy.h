// A Teddy-style multi-literal matcher (after Hyperscan's): it names which of a set of literals
// occur in a text, ASCII case-insensitively. Each literal is fingerprinted by one 4-byte window
// (its rarest by a fixed byte-frequency table; a 3-byte literal by all of it), literals share
// buckets (at most kPerBucket each, in as many groups of 8 buckets as that needs), and a
// position is verified only where every window byte's bucket bits agree. AVX2 checks 32
// positions per step when the CPU has it (runtime dispatch: the build never requires it); the
// scalar path uses exact per-byte tables. Both report the same literals by construction (every
// hit is verified), which a differential test holds them to.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wid {

class Teddy {
 public:
  enum class Isa { kScalar, kAvx2 };
  static constexpr size_t kPerBucket = 3;
  static constexpr size_t kWindow = 4;

  // Literals must be ASCII and at least 3 bytes (required_literals gives such sets).
  explicit Teddy(const std::vector<std::string>& literals);
  // The best the running CPU supports.
  static Isa best_isa();

  // Appends the index of every literal found in text to hits (each once, unordered).
  void find(std::string_view text, std::vector<int>& hits) { find(text, hits, isa_); }
  void find(std::string_view text, std::vector<int>& hits, Isa isa);
  size_t group_count() const { return groups_.size(); }

 private:
  struct Literal {
    std::string folded;  // every byte | 0x20, as the text is compared
    size_t window_end;   // index in folded of the window's last byte
  };
  struct Group {
    // Bucket bits per window position: by low / high nibble (AVX2) and by whole byte (scalar).
    std::array<std::array<uint8_t, 16>, kWindow> lo{}, hi{};
    std::array<std::array<uint8_t, 256>, kWindow> exact{};
    std::array<std::vector<int>, 8> bucket;  // literal indices
  };
  void find_scalar(const uint8_t* t, size_t begin, size_t end, size_t n, std::vector<int>& hits);
  void find_avx2(const uint8_t* t, size_t n, std::vector<int>& hits);
  void avx2_step(const uint8_t* t, size_t p, size_t from, size_t n, std::vector<int>& hits);
  void verify(const Group& g, uint8_t buckets, const uint8_t* t, size_t end_pos, size_t n,
              std::vector<int>& hits);

  std::vector<Literal> literals_;
  std::vector<Group> groups_;
  std::vector<uint8_t> seen_;  // per find call, reset before it returns
  Isa isa_;
};

}  // namespace wid
