// Catalog stage 2, user rules (--rules DIR): what a rule file from somewhere else may not do to
// the host or to the people who read its reports. The built-in catalog is reviewed with the code;
// a user's file is not, so its fix commands (pasted into a shell) may only run one command, its
// words may not carry terminal controls or direction overrides, and its size is bounded (one
// RE2::Set holds every pattern, so thousands of large patterns would exhaust the Set's memory at
// scan time instead of failing here, at load, with a message).
#include <string_view>

#include "analyzer/model/limits.h"
#include "rules/catalog_validator.h"

namespace wid {
namespace {

// Shell syntax that makes a pasted line do more than run the one command it names: command
// substitution, sequencing, redirection, a newline. A pipe is allowed only into a read-only
// filter, so `... | grep -c X` works and `curl ... | sh` does not; `> FILE` only into a plain file
// name in the current directory (`jq ... > openid-configuration.fixed.json`), never a path.
const char* const kShellOperators[] = {"$(", "`",  ";",  "&&", "||", "<",
                                       "\n", "\r", "${", ">>", ">&"};
const char* const kPipeFilters[] = {"grep", "jq", "head", "tail", "sort", "uniq", "wc", "cut"};

// A literal <PLACEHOLDER> is left for the user to fill in, not a redirection.
std::string without_placeholders(std::string_view cmd) {
  std::string out;
  for (size_t i = 0; i < cmd.size(); ++i) {
    if (cmd[i] == '<') {
      size_t j = i + 1;
      while (j < cmd.size() && ((cmd[j] >= 'A' && cmd[j] <= 'Z') ||
                                (cmd[j] >= '0' && cmd[j] <= '9') || cmd[j] == '_'))
        ++j;
      if (j > i + 1 && j < cmd.size() && cmd[j] == '>') {
        out += "PLACEHOLDER";
        i = j;
        continue;
      }
    }
    out += cmd[i];
  }
  return out;
}

std::string shell_problem(std::string_view literal) {
  const std::string text = without_placeholders(literal);
  const std::string_view cmd = text;
  for (const char* op : kShellOperators)
    if (cmd.find(op) != std::string_view::npos)
      return std::string("contains '") +
             (op[0] == '\n'   ? "\\n"
              : op[0] == '\r' ? "\\r"
                              : op) +
             "': a fix command is pasted into a shell and may run only the one command it names";
  for (size_t gt = cmd.find('>'); gt != std::string_view::npos; gt = cmd.find('>', gt + 1)) {
    std::string_view rest = cmd.substr(gt + 1);
    rest.remove_prefix(std::min(rest.find_first_not_of(' '), rest.size()));
    const std::string_view file = rest.substr(0, rest.find(' '));
    const bool plain = !file.empty() && file[0] != '.' &&
                       file.find_first_not_of(
                           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                           "0123456789._-") == std::string_view::npos;
    if (!plain)
      return "redirects into '" + std::string(file) +
             "': a user rule's fix may write only a plain file name in the current directory";
  }
  for (size_t bar = cmd.find('|'); bar != std::string_view::npos; bar = cmd.find('|', bar + 1)) {
    std::string_view rest = cmd.substr(bar + 1);
    rest.remove_prefix(std::min(rest.find_first_not_of(' '), rest.size()));
    const std::string_view word = rest.substr(0, rest.find(' '));
    bool allowed = false;
    for (const char* f : kPipeFilters) allowed = allowed || word == f;
    if (!allowed)
      return "pipes into '" + std::string(word) +
             "': a user rule's fix may pipe only into grep, jq, head, tail, sort, uniq, wc or cut";
  }
  return "";
}

// C0/C1 controls (ESC starts a terminal escape sequence) and the Unicode direction overrides that
// make text display in another order than it runs (Trojan Source, CVE-2021-42574).
std::string text_problem(std::string_view s, bool allow_newlines) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && !(allow_newlines && (c == '\n' || c == '\t'))) || c == 0x7F)
      return "contains control character 0x" + std::string(1, "0123456789abcdef"[c >> 4]) +
             "0123456789abcdef"[c & 15];
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0)
      return "contains a C1 control character";
    if (c == 0xE2 && i + 2 < s.size()) {
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      const auto b2 = static_cast<unsigned char>(s[i + 2]);
      if ((b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9))
        return "contains a Unicode direction override (text that displays in another order)";
    }
  }
  return "";
}

void validate_words(const CatalogEntry& e, LoadErrors& errors) {
  const Rule& r = e.rule;
  const std::pair<const char*, const std::string*> kFields[] = {{"title", &r.title},
                                                                {"explain", &r.explain},
                                                                {"detail", &r.detail},
                                                                {"subject", &r.subject},
                                                                {"fix", &r.fix_summary}};
  for (const auto& [field, value] : kFields) {
    const std::string p = text_problem(*value, std::string_view(field) != "title");
    if (!p.empty()) errors.add(r.source.path, e.node[field], r.id, field, p);
  }
  for (size_t i = 0; i < r.docs.size(); ++i)
    if (r.docs[i].rfind("https://", 0) != 0 || !text_problem(r.docs[i], false).empty())
      errors.add(r.source.path, e.node["docs"], r.id, "docs[" + std::to_string(i) + "]",
                 "must be an https:// URL");
}

void validate_commands(const CatalogEntry& e, LoadErrors& errors) {
  const Rule& r = e.rule;
  for (size_t i = 0; i < r.fix_commands.size(); ++i) {
    std::string p = text_problem(r.fix_commands[i], false);
    if (p.empty()) p = shell_problem(r.fix_commands[i]);
    if (!p.empty())
      errors.add(r.source.path, e.node["fix"], r.id, "fix.commands[" + std::to_string(i) + "]", p);
  }
}

}  // namespace

void validate_user_entries(const std::vector<CatalogEntry>& entries, LoadErrors& errors) {
  size_t rules = 0;
  size_t program = 0;
  for (const CatalogEntry& e : entries) {
    if (e.rule.builtin) continue;
    validate_words(e, errors);
    validate_commands(e, errors);
    if (++rules == limits::kMaxUserRules + 1)
      errors.add_entry(e.rule, "id",
                       "more than " + std::to_string(limits::kMaxUserRules) +
                           " user rules: split the pack, or load fewer with --rules");
    const bool under = program <= limits::kMaxUserProgramSizeTotal;
    program += e.program_size;
    if (under && program > limits::kMaxUserProgramSizeTotal)
      errors.add_entry(e.rule, "match",
                       "the user rules' patterns up to here compile to " + std::to_string(program) +
                           " RE2 instructions (escape-tolerant forms), over the " +
                           std::to_string(limits::kMaxUserProgramSizeTotal) +
                           " one scan can hold: simplify or drop patterns");
  }
}

}  // namespace wid
