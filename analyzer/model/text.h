// How log bytes become model text. Logs are bytes; the model holds only valid UTF-8, with each
// invalid sequence replaced by U+FFFD, so every renderer (nlohmann's dump() throws on bad UTF-8)
// can print any string it is given. Control characters are kept here and escaped by renderers.
#pragma once

#include <concepts>
#include <string>
#include <string_view>

namespace wid {

// Valid UTF-8 copy of bytes: each maximal invalid subsequence becomes U+FFFD.
std::string to_utf8(std::string_view bytes);
bool is_valid_utf8(std::string_view bytes);
// Cuts s to at most max_bytes on a UTF-8 boundary, appending a marker saying how much was cut.
std::string truncate_utf8(std::string_view s, size_t max_bytes);
// Replaces C0 controls (except \t) and DEL with visible escapes (\x1b -> "\\x1b"); for terminals.
std::string escape_controls(std::string_view s);
std::string to_lower_ascii(std::string_view s);
// The one definition of whitespace in the project: the C locale's isspace() set (space, \t, \n,
// \v, \f, \r), ASCII only, independent of the process locale.
bool is_space(char c);
std::string_view trim(std::string_view s);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);
// "1 error", "3 errors": the count and the word that goes with it, for reports and input details.
std::string plural(long long n, std::string_view one, std::string_view many);
// Adds part to a "; "-separated list such as an input's detail or error; an empty part adds
// nothing.
void append_clause(std::string& list, std::string_view part);

namespace detail {
inline void append_piece(std::string& out, std::string_view s) { out.append(s); }
inline void append_piece(std::string& out, char c) { out.push_back(c); }
template <std::integral T>
requires(!std::same_as<T, char> && !std::same_as<T, bool>) void append_piece(std::string& out,
                                                                             T n) {
  out += std::to_string(n);
}
}  // namespace detail

// The pieces (strings, characters, integers) joined into one string, appended one by one:
// str_cat("/value/", i). Use it instead of `"/" + std::to_string(i)`: a literal plus a temporary
// string makes GCC 12 at -O3 report a false -Wrestrict inside std::string's insert, which only a
// Release build shows.
template <class... Pieces>
std::string str_cat(const Pieces&... pieces) {
  std::string out;
  (detail::append_piece(out, pieces), ...);
  return out;
}

}  // namespace wid
