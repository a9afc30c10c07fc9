#include "rules/record_codes.h"

#include <algorithm>

namespace wid {
namespace {

bool code_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

bool holds_code(std::string_view text, const std::string& code) {
  for (size_t at = text.find(code); at != std::string_view::npos; at = text.find(code, at + 1)) {
    const size_t end = at + code.size();
    if ((at == 0 || !code_char(text[at - 1])) && (end == text.size() || !code_char(text[end])))
      return true;
  }
  return false;
}

void note(std::string_view matched, const std::string& code, std::vector<std::string>& codes) {
  if (std::find(codes.begin(), codes.end(), code) == codes.end() && holds_code(matched, code))
    codes.push_back(code);
}

}  // namespace

void note_codes(const Rule& rule, std::string_view matched, std::vector<std::string>& codes) {
  note(matched, rule.id, codes);
  for (const std::string& alias : rule.aliases) note(matched, alias, codes);
}

}  // namespace wid
