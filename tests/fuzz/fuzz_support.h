// What every fuzz target shares: the bytes as a string_view, fixture files read once at start-up
// (keys for the token target, the catalog for the log target), and the harness rule that only our
// own typed errors may come back: an exception escaping a target is a bug, and aborts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace wid::fuzz {

inline std::string_view bytes(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A file under the source tree (WID_SOURCE_DIR is compiled in), or abort: a target that silently
// ran without its keys would fuzz less than it claims.
inline std::string source_file(const std::string& relative) {
  std::ifstream in(std::string(WID_SOURCE_DIR) + "/" + relative, std::ios::binary);
  if (!in) std::abort();
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// An oracle: a property every input must keep. Aborts (libFuzzer keeps the input as a crash).
inline void require(bool holds) {
  if (!holds) std::abort();
}

}  // namespace wid::fuzz
