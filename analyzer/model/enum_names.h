// The one way a closed value set of the model is named: a table of (value, name) pairs per enum,
// looked up both ways by the two helpers below, so writing and parsing a name cannot drift apart.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace wid {

template <typename E, std::size_t N>
using NameTable = std::array<std::pair<E, const char*>, N>;

// `fallback` is for a value outside the table, which a valid enum value never is.
template <typename E, std::size_t N>
constexpr const char* name_in(const NameTable<E, N>& table, E value, const char* fallback) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return fallback;
}

template <typename E, std::size_t N>
constexpr std::optional<E> value_in(const NameTable<E, N>& table, std::string_view name) {
  for (const auto& [v, n] : table)
    if (name == n) return v;
  return std::nullopt;
}

}  // namespace wid
