// Template rendering (see template.h).
#include "rules/template.h"

#include <algorithm>
#include <cctype>

namespace wid {

namespace {

// The name of the {name} placeholder that opens at tmpl[i], "" when none does.
std::string placeholder_at(const std::string& tmpl, size_t i) {
  if (tmpl[i] != '{') return "";
  const size_t close = tmpl.find('}', i + 1);
  std::string name = close == std::string::npos ? "" : tmpl.substr(i + 1, close - i - 1);
  const bool ident = !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
  });
  return ident ? name : "";
}

}  // namespace

std::vector<std::string> template_placeholders(const std::string& tmpl) {
  std::vector<std::string> out;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    std::string name = placeholder_at(tmpl, i);
    if (name.empty()) continue;
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    i += name.size() + 1;
  }
  return out;
}

bool is_shell_inert(std::string_view value, ShellQuote quote) {
  std::string_view special;
  switch (quote) {
    case ShellQuote::kNone:
      special = "\"'`$\\;&|<>(){}[]*?! ";
      break;
    case ShellQuote::kSingle:
      special = "'";
      break;
    case ShellQuote::kDouble:
      special = "\"`$\\!";
      break;
  }
  return std::all_of(value.begin(), value.end(), [&](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c >= 0x20 && c < 0x7F && special.find(ch) == std::string_view::npos;
  });
}

namespace {

// The quoting each {name} of a command template sits in, the strictest when a name repeats.
std::map<std::string, ShellQuote> placeholder_quoting(const std::string& tmpl) {
  std::map<std::string, ShellQuote> out;
  ShellQuote state = ShellQuote::kNone;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    const char c = tmpl[i];
    if (state != ShellQuote::kSingle && c == '\\') {
      ++i;
    } else if (state != ShellQuote::kDouble && c == '\'') {
      state = state == ShellQuote::kSingle ? ShellQuote::kNone : ShellQuote::kSingle;
    } else if (state != ShellQuote::kSingle && c == '"') {
      state = state == ShellQuote::kDouble ? ShellQuote::kNone : ShellQuote::kDouble;
    } else if (c == '{') {
      const size_t close = tmpl.find('}', i + 1);
      if (close == std::string::npos) break;
      const std::string name = tmpl.substr(i + 1, close - i - 1);
      auto [it, fresh] = out.try_emplace(name, state);
      // Unquoted is the strictest, then double quotes (which still expand $ and `).
      if (!fresh && (state == ShellQuote::kNone ||
                     (state == ShellQuote::kDouble && it->second == ShellQuote::kSingle)))
        it->second = state;
    }
  }
  return out;
}

}  // namespace

std::string render_command(const std::string& tmpl,
                           const std::map<std::string, std::string>& captures,
                           std::vector<std::string>* missing) {
  const auto quoting = placeholder_quoting(tmpl);
  std::map<std::string, std::string> inert;
  for (const auto& [name, value] : captures) {
    auto q = quoting.find(name);
    if (is_shell_inert(value, q == quoting.end() ? ShellQuote::kNone : q->second))
      inert.emplace(name, value);
  }
  return render_template(tmpl, inert, missing);
}

std::string render_template(const std::string& tmpl,
                            const std::map<std::string, std::string>& captures,
                            std::vector<std::string>* missing) {
  auto note_missing = [&](const std::string& name) {
    if (missing && std::find(missing->begin(), missing->end(), name) == missing->end())
      missing->push_back(name);
  };
  std::string out;
  for (size_t i = 0; i < tmpl.size();) {
    char c = tmpl[i];
    if (c == '{') {
      size_t close = tmpl.find('}', i + 1);
      std::string name = close == std::string::npos ? "" : tmpl.substr(i + 1, close - i - 1);
      bool ident = !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
      });
      if (ident) {
        auto it = captures.find(name);
        if (it != captures.end() && !it->second.empty()) {
          out += it->second;
        } else {
          std::string upper = name;
          for (auto& ch : upper)
            ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
          out += "<" + upper + ">";
          note_missing(upper);
        }
        i = close + 1;
        continue;
      }
    } else if (c == '<') {
      size_t close = tmpl.find('>', i + 1);
      std::string name = close == std::string::npos ? "" : tmpl.substr(i + 1, close - i - 1);
      bool placeholder = !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
        return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
      });
      if (placeholder) note_missing(name);
    }
    out += c;
    ++i;
  }
  return out;
}

}  // namespace wid
