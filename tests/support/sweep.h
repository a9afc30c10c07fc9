#pragma once

#include <cstddef>
#include <utility>
#include <vector>

// The tests that sweep every catalog example, every envelope and every fixture through the
// scanner's RE2 Sets take a sample under AddressSanitizer, all of them otherwise. RE2::Set::Match
// allocates blocks above ASan's largest size class (128 KiB; perf shows them there), and each
// costs an mmap, its shadow and a munmap: the full sweeps ran at 30 to 90 times their plain time
// and CI ran out of its 90 minutes. `make test` (CI runs it too) sweeps everything; the sanitizers
// need the code paths, and a sample taken across the sorted items reaches every envelope and record
// shape.
namespace wid::test {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif
#else
inline constexpr bool kAddressSanitizer = false;
#endif

// One item in `stride` under ASan (a sweep's cost decides its stride), every item otherwise.
inline constexpr size_t sweep_stride(size_t stride_under_asan) {
  return kAddressSanitizer ? stride_under_asan : 1;
}

// Whether the i-th item of a sweep is in this build's sample.
inline bool in_sweep(size_t i, size_t stride_under_asan = 8) {
  return i % sweep_stride(stride_under_asan) == 0;
}

// This build's sample of a sweep's items, in their order.
template <typename T>
std::vector<T> swept(std::vector<T> items, size_t stride_under_asan = 8) {
  std::vector<T> out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (in_sweep(i, stride_under_asan)) out.push_back(std::move(items[i]));
  }
  return out;
}

}  // namespace wid::test
