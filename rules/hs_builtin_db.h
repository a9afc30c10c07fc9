// The built-in catalog's log patterns as serialized Hyperscan databases, written at build time by
// rules/generate/hs_database_gen.cc (only in a build that found Hyperscan).
#pragma once

#include <cstddef>
#include <string_view>

namespace wid {

struct HsBuiltinDatabase {
  // hs_serialize_database's output for the patterns as written and for their escape-tolerant
  // forms (rules/escape_tolerant.h); empty when nothing compiled. Expression id i is patterns[i]
  // in both.
  std::string_view plain, tolerant;
  const char* const* patterns;
  size_t pattern_count;
};

HsBuiltinDatabase hs_builtin_database();

}  // namespace wid
