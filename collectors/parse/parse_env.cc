#include "collectors/parse/parse_env.h"

#include "analyzer/model/redact.h"
#include "analyzer/model/text.h"

namespace wid {
namespace {

bool is_name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

// Splits "export NAME=value" / "NAME=value" into name and raw value; false otherwise.
bool split_assignment(std::string_view line, std::string_view& name, std::string_view& value) {
  line = trim(line);
  if (starts_with(line, "export ") || starts_with(line, "export\t")) line = trim(line.substr(7));
  size_t i = 0;
  if (line.empty() || !is_name_start(line[0])) return false;
  while (i < line.size() && is_name_char(line[i])) ++i;
  if (i >= line.size() || line[i] != '=') return false;
  name = line.substr(0, i);
  value = line.substr(i + 1);
  return true;
}

// Removes one level of matching quotes and a trailing `# comment` after an unquoted value.
std::string unquote(std::string_view v) {
  v = trim(v);
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
    return std::string(v.substr(1, v.size() - 2));
  }
  size_t hash = v.find(" #");
  if (hash != std::string_view::npos) v = trim(v.substr(0, hash));
  return std::string(v);
}

template <typename F>
void for_each_line(std::string_view text, F f) {
  size_t pos = 0;
  uint64_t n = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (!f(line, ++n)) return;
    if (end == std::string_view::npos) return;
    pos = end + 1;
  }
}

// A shell would split an unquoted value at a blank: `Status=403 Code="AuthorizationFailed"` is a
// logfmt line, not an assignment (a trailing ` # comment` is allowed). A quoted value ends at its
// closing quote: `Code="LinkedAuthorizationFailed" Message="..."` is an ARM error line too.
bool shell_value(std::string_view value) {
  value = trim(value);
  if (!value.empty() && (value.front() == '"' || value.front() == '\'')) {
    size_t close = 1;
    while (close < value.size() && value[close] != value.front())
      close += value[close] == '\\' && value.front() == '"' ? 2 : 1;
    if (close >= value.size()) return true;  // a value continued on the next line
    const std::string_view rest = trim(value.substr(close + 1));
    return rest.empty() || rest.front() == '#';
  }
  const size_t comment = value.find(" #");
  if (comment != std::string_view::npos) value = value.substr(0, comment);
  return value.find_first_of(" \t") == std::string_view::npos;
}

}  // namespace

bool looks_like_env(std::string_view text) {
  size_t significant = 0, assignments = 0;
  bool first_ok = false;
  for_each_line(text, [&](std::string_view line, uint64_t) {
    std::string_view t = trim(line);
    if (t.empty() || t[0] == '#') return true;
    std::string_view name, value;
    bool ok = split_assignment(t, name, value) && shell_value(value);
    if (significant == 0) first_ok = ok;
    ++significant;
    if (ok) ++assignments;
    return significant < 200;
  });
  return first_ok && assignments * 10 >= significant * 8;
}

bool is_secret_variable(std::string_view name) {
  const std::string n = to_lower_ascii(name);
  if (ends_with(n, "_file") || ends_with(n, "_path") || ends_with(n, "_dir")) return false;
  for (const char* w : {"secret", "password", "token", "key"}) {
    if (n.find(w) != std::string::npos) return true;
  }
  return false;
}

Settings parse_env(std::string_view text, const SourceRef& source) {
  Settings s;
  s.source = source;
  for_each_line(text, [&](std::string_view line, uint64_t) {
    std::string_view name, value;
    if (!split_assignment(line, name, value)) return true;
    std::string v = unquote(value);
    if (is_secret_variable(name)) {
      v = v.empty() ? "" : kRedactedMark;
    } else {
      v = to_utf8(redact(v));
    }
    s.values[to_utf8(name)] = std::move(v);
    return true;
  });
  return s;
}

}  // namespace wid
