// What the build-time generators share: bytes written as C++ string literals.
#pragma once

#include <cstddef>
#include <ostream>

namespace wid::generate {

// The bytes as adjacent string literals of 32 bytes each: much faster for the compiler than a
// brace list. The whole is one literal past 64 KiB, so the file is compiled with
// -Wno-overlength-strings (CMakeLists.txt).
inline void write_bytes(std::ostream& os, const char* data, size_t size) {
  constexpr char kHex[] = "0123456789abcdef";
  os << "    \"";
  for (size_t i = 0; i < size; ++i) {
    const auto c = static_cast<unsigned char>(data[i]);
    os << "\\x" << kHex[c >> 4] << kHex[c & 15];
    if (i % 32 == 31 && i + 1 < size) os << "\"\n    \"";
  }
  os << "\"";
}

}  // namespace wid::generate
