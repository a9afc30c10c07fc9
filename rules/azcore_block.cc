#include "rules/azcore_block.h"

#include <cctype>

namespace wid {
namespace {

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The request line azcore writes first, "GET https://host/path", at the end of whatever the
// program put before it ("failed to upload logs: POST https://…").
bool request_line(std::string_view line) {
  line = trim_right(line);
  const size_t url = line.rfind(' ');
  if (url == std::string_view::npos) return false;
  const std::string_view target = line.substr(url + 1);
  if (!target.starts_with("https://") && !target.starts_with("http://")) return false;
  const std::string_view head = line.substr(0, url);
  const size_t word = head.rfind(' ');
  const std::string_view method = word == std::string_view::npos ? head : head.substr(word + 1);
  for (std::string_view m : {"GET", "PUT", "POST", "PATCH", "DELETE", "HEAD"})
    if (method == m) return true;
  return false;
}

// "RESPONSE 403: 403 Forbidden"
bool status_line(std::string_view line) {
  return line.size() > 13 && line.starts_with("RESPONSE ") &&
         std::isdigit(static_cast<unsigned char>(line[9])) &&
         std::isdigit(static_cast<unsigned char>(line[10])) &&
         std::isdigit(static_cast<unsigned char>(line[11])) && line[12] == ':';
}

// A line of the body: json.Indent puts the document's braces at the start of a line and indents
// everything between them.
bool body_line(std::string_view line) {
  if (line.empty()) return false;
  const char c = line[0];
  return c == ' ' || c == '\t' || c == '{' || c == '}' || c == '[' || c == ']' ||
         trim_right(line) == "Response contained no body";
}

}  // namespace

bool azcore_separator(std::string_view line) {
  line = trim_right(line);
  return line.size() == 80 && line.find_first_not_of('-') == std::string_view::npos;
}

bool AzcoreBlock::joins(std::string_view last, std::string_view line) {
  const bool separator = azcore_separator(line);
  if (separators_ == 0) {
    // Under the request, its separator; or the status itself where a paste dropped that.
    if ((separator || status_line(line)) && request_line(last)) {
      separators_ = 1;
      return true;
    }
    if (line.starts_with("ERROR CODE") && status_line(last)) {
      separators_ = 1;  // the status section, as if its separator had been read
      return true;
    }
    return false;
  }
  if (separator) {
    if (++separators_ == 3) separators_ = 0;
    return true;
  }
  const bool fits = separators_ == 1 ? status_line(line) || line.starts_with("ERROR CODE") ||
                                           line.starts_with("Missing RawResponse")
                                     : body_line(line);
  if (!fits) separators_ = 0;
  return fits;
}

}  // namespace wid
