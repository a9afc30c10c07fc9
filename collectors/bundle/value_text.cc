#include "collectors/bundle/value_text.h"

#include <algorithm>
#include <cstdint>

#include "analyzer/model/utf8.h"

namespace wid {
namespace {

// A line break or tab inside a value becomes a blank: the value stays on its line.
void append_value_char(std::string& out, uint32_t cp) {
  if (cp < 0x20) {
    out += ' ';
  } else {
    append_utf8(out, cp);
  }
}

// Control characters (raw, or from a YAML scalar) become spaces, so one value is one line.
std::string one_line(std::string_view v) {
  std::string out(v);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  return out;
}

// Writes values on the lines they came from; `put` is called in line order.
class LineText {
 public:
  // `"key": "value"`, `"key": 2` or, for an element of an array, `"key": ["value"]`: the JSON
  // member's own shape (rules written against saved responses, such as `"error_codes": [70021]`,
  // still match), with the string unescaped.
  void put(uint64_t line, std::string_view key, std::string_view value, bool quoted,
           bool in_array) {
    if (line == 0) line = 1;
    while (line_ < line) {
      out_ += '\n';
      ++line_;
      fresh_ = true;
    }
    if (!fresh_) out_ += ", ";
    if (!key.empty()) {
      out_ += '"';
      out_ += key;
      out_ += "\": ";
    }
    if (in_array) out_ += '[';
    if (quoted) out_ += '"';
    out_ += value;
    if (quoted) out_ += '"';
    if (in_array) out_ += ']';
    fresh_ = false;
  }
  std::string take() {
    if (!out_.empty()) out_ += '\n';
    return std::move(out_);
  }

 private:
  std::string out_;
  uint64_t line_ = 1;
  bool fresh_ = true;
};

int hex4(std::string_view s, size_t at) {
  if (at + 4 > s.size()) return -1;
  int v = 0;
  for (size_t i = at; i < at + 4; ++i) {
    const char c = s[i];
    v <<= 4;
    if (c >= '0' && c <= '9') {
      v |= c - '0';
    } else if (c >= 'a' && c <= 'f') {
      v |= c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      v |= c - 'A' + 10;
    } else {
      return -1;
    }
  }
  return v;
}

// A \u escape at s[i] == 'u' (a surrogate pair takes two); returns the index of its last char.
size_t unicode_escape(std::string_view s, size_t i, std::string& out) {
  const int hi = hex4(s, i + 1);
  if (hi < 0) {
    out += "\\u";
    return i;
  }
  i += 4;
  if (hi >= 0xD800 && hi <= 0xDBFF && i + 2 < s.size() && s[i + 1] == '\\' && s[i + 2] == 'u') {
    const int lo = hex4(s, i + 3);
    if (lo >= 0xDC00 && lo <= 0xDFFF) {
      append_value_char(out, 0x10000 + ((static_cast<uint32_t>(hi) - 0xD800) << 10) +
                                 (static_cast<uint32_t>(lo) - 0xDC00));
      return i + 6;
    }
  }
  append_value_char(out, hi >= 0xD800 && hi <= 0xDFFF ? 0xFFFD : static_cast<uint32_t>(hi));
  return i;
}

// Reads a JSON string whose opening quote is at s[i - 1]; returns the index after its closing
// quote (s.size() when the text ends inside it). Raw line breaks (not JSON, but seen) are counted.
size_t read_string(std::string_view s, size_t i, std::string& out, uint64_t& line) {
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"') return i + 1;
    if (c == '\n') ++line;
    if (c != '\\') {
      out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
      continue;
    }
    if (++i >= s.size()) break;
    switch (s[i]) {
      case 'n':
      case 'r':
      case 't':
      case 'b':
      case 'f':
        out += ' ';
        break;
      case 'u':
        i = unicode_escape(s, i, out);
        break;
      case '"':
      case '\\':
      case '/':
        out += s[i];
        break;
      default:
        out += '\\';
        out += s[i];
    }
  }
  return s.size();
}

struct Frame {
  bool object = false;
  std::string key;  // an object's current member key; an array's: the key it is the value of
  bool skipped = false;
};

bool is_key(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
  return i < s.size() && s[i] == ':';
}

struct YamlEntry {
  uint64_t line;
  std::string key, value;
  bool in_array;
};

void collect_yaml(const nlohmann::json& v, const StructuredDocument& doc, const std::string& ptr,
                  const std::string& key, bool in_array, const std::set<std::string>& skip,
                  std::vector<YamlEntry>& out) {
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (!s.empty()) out.push_back({doc.line_of(ptr), one_line(key), one_line(s), in_array});
  } else if (v.is_object()) {
    for (const auto& [k, child] : v.items())
      if (skip.count(k) == 0)
        collect_yaml(child, doc, ptr + "/" + json_pointer_escape(k), k, false, skip, out);
  } else if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i)
      collect_yaml(v[i], doc, ptr + "/" + std::to_string(i), key, true, skip, out);
  }
}

bool scalar_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
         c == '+' || c == '.';
}

void put_value(LineText& text, const std::vector<Frame>& stack, const std::set<std::string>& skip,
               uint64_t line, std::string_view value, bool quoted) {
  const Frame* top = stack.empty() ? nullptr : &stack.back();
  if (top != nullptr && (top->skipped || (top->object && skip.count(top->key) != 0))) return;
  if (quoted && value.empty()) return;
  text.put(line, top != nullptr ? one_line(top->key) : "", value, quoted,
           top != nullptr && !top->object);
}

}  // namespace

std::string json_values_text(std::string_view s, const std::set<std::string>& skip_keys) {
  LineText text;
  std::vector<Frame> stack;
  uint64_t line = 1;
  std::string str;
  for (size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c == '\n') {
      ++line;
      ++i;
    } else if (c == '{' || c == '[') {
      Frame f;
      f.object = c == '{';
      if (!stack.empty()) {
        const Frame& parent = stack.back();
        f.skipped = parent.skipped || (parent.object && skip_keys.count(parent.key) != 0);
        if (!f.object) f.key = parent.key;
      }
      stack.push_back(std::move(f));
      ++i;
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
      ++i;
    } else if (c == '"') {
      const uint64_t at = line;
      str.clear();
      i = read_string(s, i + 1, str, line);
      if (!stack.empty() && stack.back().object && is_key(s, i)) {
        stack.back().key = str;
        continue;
      }
      put_value(text, stack, skip_keys, at, str, true);
    } else if (scalar_char(c)) {
      // A number, true, false or null.
      size_t end = i;
      while (end < s.size() && scalar_char(s[end])) ++end;
      put_value(text, stack, skip_keys, line, s.substr(i, end - i), false);
      i = end;
    } else {
      ++i;
    }
  }
  return text.take();
}

std::string yaml_values_text(const std::vector<StructuredDocument>& docs,
                             const std::set<std::string>& skip_keys) {
  std::vector<YamlEntry> entries;
  for (const StructuredDocument& d : docs)
    collect_yaml(d.value, d, "", "", false, skip_keys, entries);
  std::stable_sort(entries.begin(), entries.end(),
                   [](const YamlEntry& a, const YamlEntry& b) { return a.line < b.line; });
  LineText text;
  for (const YamlEntry& e : entries) text.put(e.line, e.key, e.value, true, e.in_array);
  return text.take();
}

}  // namespace wid
