// Unescaping for matching. The same Entra text reaches logs raw, Go-quoted inside klog err="...",
// as JSON inside JSON (\" and \\r\\n), \u0027-escaped by .NET serializers, HTML-escaped
// (&#34;), wrapped over klog err=< blocks or a Terraform box. Patterns are written for the plain
// text, so the scanner also matches the record after this normalisation.
#include <cctype>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "analyzer/model/limits.h"
#include "analyzer/model/utf8.h"
#include "rules/log_scanner.h"

namespace wid {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool read_hex4(std::string_view s, size_t at, uint32_t& v) {
  if (at + 4 > s.size()) return false;
  v = 0;
  for (size_t k = 0; k < 4; ++k) {
    int h = hex_value(s[at + k]);
    if (h < 0) return false;
    v = v * 16 + static_cast<uint32_t>(h);
  }
  return true;
}

// Named and numeric character references that occur in escaped logs.
bool decode_entity(std::string_view s, size_t i, std::string& out, size_t& used) {
  static const struct {
    const char* name;
    char ch;
  } kNamed[] = {{"&quot;", '"'}, {"&apos;", '\''}, {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}};
  for (auto& n : kNamed) {
    size_t len = std::strlen(n.name);
    if (s.substr(i, len) == n.name) {
      out += n.ch;
      used = len;
      return true;
    }
  }
  if (i + 3 < s.size() && s[i + 1] == '#') {
    size_t k = i + 2;
    bool hex = k < s.size() && (s[k] == 'x' || s[k] == 'X');
    if (hex) ++k;
    uint32_t cp = 0;
    size_t digits = 0;
    while (k < s.size() && digits < 7) {
      int d = hex ? hex_value(s[k]) : (s[k] >= '0' && s[k] <= '9' ? s[k] - '0' : -1);
      if (d < 0) break;
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
      ++k;
      ++digits;
    }
    if (digits > 0 && k < s.size() && s[k] == ';' && cp > 0 && cp < 0x110000 &&
        !(cp >= 0xD800 && cp <= 0xDFFF)) {
      append_utf8(out, cp);
      used = k + 1 - i;
      return true;
    }
  }
  return false;
}

// Whether a line (after its indentation) opens a Markdown list item, table row or heading:
// "- x", "* x", "• x", "1. x", "| x", "## x".
bool opens_list_item(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  line.remove_prefix(i);
  auto marker_then_space = [&](size_t n) {
    return line.size() > n + 1 && line[n] == ' ' && line[n + 1] != ' ';
  };
  if (line.empty()) return false;
  if (line[0] == '-' || line[0] == '*' || line[0] == '|') return marker_then_space(1);
  if (line.substr(0, 3) == "\xE2\x80\xA2") return marker_then_space(3);  // U+2022 bullet
  size_t hashes = line.find_first_not_of('#');
  if (hashes >= 1 && hashes <= 6 && hashes != std::string_view::npos)
    return marker_then_space(hashes);
  size_t digits = 0;
  while (digits < line.size() && digits < 2 &&
         std::isdigit(static_cast<unsigned char>(line[digits])))
    ++digits;
  return digits > 0 && line.size() > digits && (line[digits] == '.' || line[digits] == ')') &&
         marker_then_space(digits + 1);
}

bool starts_escape(char c) { return c == '&' || c == '\\' || c == '\n' || c == '\r'; }

// One round: entities, backslash escapes, and line joins. Escaped and real line breaks (with the
// indentation of continuation lines and a Terraform box's "│ ") become one space, so a message
// wrapped over several lines reads as one; a real break before a list item stays.
std::string unescape_once(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto join_break = [&](size_t& i) {
    // i points just past a line break; swallow indentation and box-drawing prefixes.
    while (i < s.size()) {
      if (s[i] == ' ' || s[i] == '\t') {
        ++i;
      } else if (s.substr(i, 3) == "\xE2\x94\x82" || s.substr(i, 3) == "\xE2\x95\xB5") {
        i += 3;  // │ or ╵
      } else {
        break;
      }
    }
    if (!out.empty() && out.back() != ' ') out += ' ';
  };
  for (size_t i = 0; i < s.size();) {
    // Copy the run up to the next character that may start an escape or a line break in one go.
    size_t run_end = i;
    while (run_end < s.size() && !starts_escape(s[run_end])) ++run_end;
    if (run_end > i) {
      out.append(s, i, run_end - i);
      i = run_end;
      if (i == s.size()) break;
    }
    char c = s[i];
    if (c == '&') {
      size_t used = 0;
      if (decode_entity(s, i, out, used)) {
        i += used;
        continue;
      }
    } else if (c == '\\' && i + 1 < s.size()) {
      char n = s[i + 1];
      switch (n) {
        case '"':
        case '\\':
        case '/':
        case '\'':
          out += n;
          i += 2;
          continue;
        case 'n':
        case 'r':
          i += 2;
          join_break(i);
          continue;
        case 't':
          out += ' ';
          i += 2;
          continue;
        case 'u': {
          uint32_t cp;
          if (read_hex4(s, i + 2, cp)) {
            i += 6;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
              uint32_t lo;
              if (i + 1 < s.size() && s[i] == '\\' && s[i + 1] == 'u' && read_hex4(s, i + 2, lo) &&
                  lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
              } else {
                cp = 0xFFFD;
              }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
              cp = 0xFFFD;
            }
            append_utf8(out, cp);
            continue;
          }
          break;
        }
        default:
          break;
      }
    } else if (c == '\n' || c == '\r') {
      ++i;
      if (c == '\r' && i < s.size() && s[i] == '\n') ++i;
      if (opens_list_item(s.substr(i))) {
        // Each item of a list stays a line of its own: the error-context judgement reads a
        // bullet as documentation, which a joined line would hide behind its first item.
        while (!out.empty() && out.back() == ' ') out.pop_back();
        out += '\n';
        continue;
      }
      join_break(i);
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

}  // namespace

bool may_unescape(std::string_view s) {
  // Runs for every record: one pass, 16 bytes at a time (GCC/Clang vector extensions, SSE2 on
  // x86-64, NEON on arm64), instead of four memchr calls, each with its own start-up cost.
  using V = unsigned char __attribute__((vector_size(16)));
  const V backslash = V{} + '\\', amp = V{} + '&', lf = V{} + '\n', cr = V{} + '\r';
  size_t i = 0;
  for (; i + 16 <= s.size(); i += 16) {
    V v;
    std::memcpy(&v, s.data() + i, 16);
    const auto hit = (v == backslash) | (v == amp) | (v == lf) | (v == cr);
    uint64_t lanes[2];
    std::memcpy(lanes, &hit, 16);
    if ((lanes[0] | lanes[1]) != 0) return true;
  }
  for (; i < s.size(); ++i)
    if (starts_escape(s[i])) return true;
  return false;
}

std::string unescape_record(std::string_view record) {
  if (!may_unescape(record)) return std::string(record);
  std::string cur(record);
  for (int round = 0; round < limits::kMaxUnescapeRounds; ++round) {
    std::string next = unescape_once(cur);
    if (next == cur) break;
    cur = std::move(next);
    if (!may_unescape(cur)) break;
  }
  return cur;
}

}  // namespace wid
