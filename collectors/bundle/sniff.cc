#include "collectors/bundle/sniff.h"

#include <cstdint>
#include <initializer_list>
#include <vector>

#include "analyzer/model/limits.h"
#include "analyzer/model/text.h"
#include "collectors/parse/json_loader.h"
#include "collectors/parse/parse_env.h"
#include "collectors/parse/parse_jwt.h"

namespace wid {
namespace {

// Control bytes that do not belong in text. Tab, LF, VT, FF, CR (9-13) and ESC (colour codes)
// are normal in text logs; NUL is looked for on its own.
// Written with byte-wide &, | and no short-circuit, so the block loop below vectorises.
inline uint8_t stray_control(uint8_t c) {
  const auto below_space = static_cast<uint8_t>(c < 0x20);
  const auto not_tab_to_cr = static_cast<uint8_t>(static_cast<uint8_t>(c - '\t') > '\r' - '\t');
  const auto not_esc = static_cast<uint8_t>(c != 0x1B);
  const auto del = static_cast<uint8_t>(c == 0x7F);
  return static_cast<uint8_t>((below_space & not_tab_to_cr & not_esc) | del);
}

// Every file's head passes through here (it was most of a small file's sniff). Blocks of a fixed
// size with a byte-wide sum let the compiler vectorise the comparisons at -O2.
size_t count_controls(std::string_view s) {
  constexpr size_t kBlock = 128;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  size_t i = 0, total = 0;
  for (; i + kBlock <= s.size(); i += kBlock) {
    uint8_t n = 0;
    for (size_t j = 0; j < kBlock; ++j) n = static_cast<uint8_t>(n + stray_control(p[i + j]));
    total += n;
  }
  for (; i < s.size(); ++i) total += stray_control(p[i]);
  return total;
}

bool digit(char c) { return c >= '0' && c <= '9'; }
bool digits(std::string_view s, size_t at, size_t n) {
  if (at + n > s.size()) return false;
  for (size_t i = at; i < at + n; ++i)
    if (!digit(s[i])) return false;
  return true;
}

// klog header: ^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d{6}
bool is_klog_line(std::string_view l) {
  if (l.size() < 21) return false;
  if (l[0] != 'I' && l[0] != 'W' && l[0] != 'E' && l[0] != 'F') return false;
  return digits(l, 1, 4) && l[5] == ' ' && digits(l, 6, 2) && l[8] == ':' && digits(l, 9, 2) &&
         l[11] == ':' && digits(l, 12, 2) && l[14] == '.' && digits(l, 15, 6);
}

// RFC 3339 date-time at the start; returns its length or 0.
size_t rfc3339_prefix(std::string_view l) {
  if (!(digits(l, 0, 4) && l.size() > 19 && l[4] == '-' && digits(l, 5, 2) && l[7] == '-' &&
        digits(l, 8, 2) && (l[10] == 'T' || l[10] == 't') && digits(l, 11, 2) && l[13] == ':' &&
        digits(l, 14, 2) && l[16] == ':' && digits(l, 17, 2)))
    return 0;
  size_t i = 19;
  if (i < l.size() && l[i] == '.') {
    ++i;
    size_t start = i;
    while (i < l.size() && digit(l[i])) ++i;
    if (i == start) return 0;
  }
  if (i < l.size() && (l[i] == 'Z' || l[i] == 'z')) return i + 1;
  if (i + 6 <= l.size() && (l[i] == '+' || l[i] == '-') && digits(l, i + 1, 2) && l[i + 3] == ':' &&
      digits(l, i + 4, 2))
    return i + 6;
  return 0;
}

// CRI: "<RFC 3339> stdout|stderr F|P <message>"
bool is_cri_line(std::string_view l) {
  size_t n = rfc3339_prefix(l);
  if (n == 0) return false;
  std::string_view rest = l.substr(n);
  for (std::string_view stream : {" stdout ", " stderr "}) {
    if (starts_with(rest, stream) && rest.size() >= stream.size() + 1) {
      char tag = rest[stream.size()];
      return (tag == 'F' || tag == 'P') &&
             (rest.size() == stream.size() + 1 || rest[stream.size() + 1] == ' ');
    }
  }
  return false;
}

// Keys that mark a structured log line: the key names of common JSON log formats (zap, logr,
// logrus, slog, klog JSON, azwi's mlog, bunyan, Serilog compact and plain, .NET console JSON),
// compared case-insensitively and without a copy (every key of the first lines of every JSON
// file comes through here).
bool key_is(std::string_view key, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    if (key.size() != name.size()) continue;
    bool same = true;
    for (size_t i = 0; i < key.size() && same; ++i) {
      char c = key[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same = c == name[i];
    }
    if (same) return true;
  }
  return false;
}
bool is_level_key(std::string_view key) {
  return key_is(key, {"level", "severity", "lvl", "loglevel", "@l"});
}
bool is_msg_key(std::string_view key) {
  return key_is(key, {"msg", "message", "messagetemplate", "@m", "@mt", "renderedmessage"});
}
bool is_time_key(std::string_view key) {
  return key_is(key, {"ts", "time", "timestamp", "@timestamp", "@t", "datetime"});
}

// One JSON object per line with at least two of level / message / time. A line cut by the sniff
// window is judged by the keys seen before the cut. validate: parse the line as JSON too (the
// sniffer does for the first lines only: parsing is most of a small file's sniff).
bool is_json_log_line(std::string_view l, bool cut, bool validate) {
  l = trim(l);
  if (l.size() < 2 || l[0] != '{') return false;
  int level = 0, msg = 0, time = 0;
  auto note_key = [&](std::string_view k) {
    if (is_level_key(k)) level = 1;
    if (is_msg_key(k)) msg = 1;
    if (is_time_key(k)) time = 1;
  };
  if (!cut && l.back() == '}') {
    if (validate && !is_json_value(l, 16)) return false;
  } else if (!cut) {
    return false;
  }
  // Top-level keys in order: scan `"key":` tokens at nesting depth 1 (good enough for a sniff).
  int depth = 0;
  bool in_str = false;
  size_t str_start = 0;
  for (size_t i = 0; i < l.size(); ++i) {
    char c = l[i];
    if (in_str) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_str = false;
        size_t j = i + 1;
        while (j < l.size() && (l[j] == ' ' || l[j] == '\t')) ++j;
        if (depth == 1 && j < l.size() && l[j] == ':') {
          note_key(l.substr(str_start, i - str_start));
          if (level + msg + time >= 2) return true;  // the rest of a long line says no more
        }
      }
      continue;
    }
    if (c == '"') {
      in_str = true;
      str_start = i + 1;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return level + msg + time >= 2;
}

// Plain logs start with a time or a logfmt key: 2024-01-02 10:00:00, [2024-01-02T..., 2024/01/02
// 10:00:00 (Go log), 10:00:00.123, time="...", level=..., ts=..., Jan  2 10:00:00 (syslog).
bool is_timestamped_line(std::string_view l) {
  if (!l.empty() && l[0] == '[') l.remove_prefix(1);
  if (digits(l, 0, 4) && l.size() > 16 && (l[4] == '-' || l[4] == '/') && digits(l, 5, 2) &&
      (l[7] == '-' || l[7] == '/') && digits(l, 8, 2) && (l[10] == ' ' || l[10] == 'T') &&
      digits(l, 11, 2) && l[13] == ':')
    return true;
  if (digits(l, 0, 2) && l.size() > 8 && l[2] == ':' && digits(l, 3, 2) && l[5] == ':' &&
      digits(l, 6, 2))
    return true;
  // Every sampled line of every file comes here: look at the first byte before comparing
  // prefixes (a many-small-files run spent 3 % of its time in these compares).
  if (l.empty()) return false;
  const char c = l[0];
  if (c == 't' || c == 'l' || c == 'm') {
    for (std::string_view p : {"time=", "level=", "ts=", "lvl=", "msg="})
      if (starts_with(l, p)) return true;
    return false;
  }
  // A syslog stamp is "Mmm dd hh:" at least: a klog line ("I1206 10:14…") stops here.
  if (c < 'A' || c > 'S' || l.size() <= 15 || l[3] != ' ') return false;
  static constexpr std::string_view kMonths[] = {"Jan ", "Feb ", "Mar ", "Apr ", "May ", "Jun ",
                                                 "Jul ", "Aug ", "Sep ", "Oct ", "Nov ", "Dec "};
  for (auto m : kMonths) {
    if (starts_with(l, m) && (digit(l[4]) || l[4] == ' ') && digit(l[5]) && l[6] == ' ' &&
        digits(l, 7, 2) && l[9] == ':')
      return true;
  }
  return false;
}

struct Lines {
  std::vector<std::string_view> lines;  // significant lines (not blank), in order
  bool last_cut = false;                // the last line was cut by the sniff window
};

Lines sample_lines(std::string_view text, bool cut, size_t max_lines) {
  Lines out;
  size_t pos = 0;
  while (pos < text.size() && out.lines.size() < max_lines) {
    size_t end = text.find('\n', pos);
    bool last = end == std::string_view::npos;
    std::string_view line = text.substr(pos, last ? std::string_view::npos : end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!trim(line).empty()) {
      out.lines.push_back(line);
      out.last_cut = last && cut;
    }
    if (last) break;
    pos = end + 1;
  }
  return out;
}

// Azure Pipelines writes its log commands as `##[error]…`, `##[section]…`, `##vso[…]`: a log
// copied from its web view starts with them, and they are the lines that matter.
bool pipelines_command(std::string_view t) {
  return starts_with(t, "##[") || starts_with(t, "##vso[");
}

// The first significant line that is not a YAML/shell comment.
std::string_view first_content_line(const Lines& s) {
  for (auto l : s.lines) {
    auto t = trim(l);
    if (!t.empty() && (t[0] != '#' || pipelines_command(t))) return t;
  }
  return {};
}

bool only_comments(const Lines& s) { return first_content_line(s).empty(); }

// `key:` or `key: value` at the start of a line, `- item`, or a document marker.
bool yamlish_line(std::string_view t) {
  if (t == "---" || starts_with(t, "--- ") || starts_with(t, "%YAML") || t == "-" ||
      starts_with(t, "- "))
    return true;
  if (pipelines_command(t)) return false;  // `##[error]Script failed: …` is a log line
  size_t colon = t.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  if (colon + 1 < t.size() && t[colon + 1] != ' ' && t[colon + 1] != '\t') return false;
  char c0 = t[0];
  return c0 != '{' && c0 != '[' && c0 != '<';
}

bool has_top_level_key(std::string_view text, std::string_view key) {
  size_t pos = 0;
  while ((pos = text.find(key, pos)) != std::string_view::npos) {
    if ((pos == 0 || text[pos - 1] == '\n') && pos + key.size() < text.size() &&
        text[pos + key.size()] == ':')
      return true;
    pos += key.size();
  }
  return false;
}

Sniffed make(FileFamily f, std::string type) {
  Sniffed s;
  s.family = f;
  s.type = std::move(type);
  return s;
}

}  // namespace

// The log component, from the path (pod and namespace names carry it), case-insensitively and in
// this order, because ASO runs in capz-system next to CAPZ and its pods' names contain neither
// "capz" nor a fixed prefix: azureserviceoperator / aso-controller / a path segment or file name
// starting with "aso" -> aso; azure-wi-webhook / workload-identity-webhook / wi-webhook -> webhook;
// kube-apiserver -> kube-apiserver; capz -> capz-manager; anything else -> workload.
std::string log_component(std::string_view path) {
  const std::string p = to_lower_ascii(path);
  if (p.find("azureserviceoperator") != std::string::npos ||
      p.find("aso-controller") != std::string::npos)
    return "aso";
  size_t start = 0;
  while (start <= p.size()) {
    size_t slash = p.find('/', start);
    std::string_view seg(p.data() + start, (slash == std::string::npos ? p.size() : slash) - start);
    if (starts_with(seg, "aso")) return "aso";
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  if (p.find("azure-wi-webhook") != std::string::npos ||
      p.find("workload-identity-webhook") != std::string::npos ||
      p.find("wi-webhook") != std::string::npos)
    return "webhook";
  if (p.find("kube-apiserver") != std::string::npos) return "kube-apiserver";
  if (p.find("capz") != std::string::npos) return "capz-manager";
  return "workload";
}

Sniffed sniff(std::string_view path, std::string_view head) {
  const bool cut = head.size() >= limits::kSniffBytes;
  if (head.size() > limits::kSniffBytes) head = head.substr(0, limits::kSniffBytes);

  if (trim(head).empty()) {
    Sniffed s = make(FileFamily::kEmpty, "empty");
    s.note = head.empty() ? "0 bytes" : "only whitespace";
    return s;
  }
  // UTF-16 (a Windows editor's "Unicode") is full of NULs: say what it is rather than "binary".
  if (starts_with(head, "\xFF\xFE") || starts_with(head, "\xFE\xFF")) {
    Sniffed s = make(FileFamily::kBinary, "binary");
    s.note = "UTF-16 text (not supported; save it as UTF-8)";
    return s;
  }
  if (const size_t nul = head.find('\0'); nul != std::string_view::npos) {
    Sniffed s = make(FileFamily::kBinary, "binary");
    s.note = "NUL byte at offset " + std::to_string(nul);
    return s;
  }
  const size_t controls = count_controls(head);
  if (controls * 10 > head.size()) {
    Sniffed s = make(FileFamily::kBinary, "binary");
    s.note = std::to_string(controls) + " control bytes in the first " +
             std::to_string(head.size()) + " bytes";
    return s;
  }

  std::string_view text = head;
  if (starts_with(text, "\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 BOM
  const Lines lines = sample_lines(text, cut, 50);
  if (only_comments(lines)) {
    // Read as text all the same: a pasted issue title (`# Error: …`) or a long comment header
    // is all a head of `#` lines says, and an error quoted there must not go unread.
    Sniffed s = make(FileFamily::kLog, "log/plain");
    s.component = log_component(path);
    s.certain = false;
    return s;
  }
  const std::string_view first = trim(lines.lines.front());

  if (starts_with(first, "-----BEGIN ")) return make(FileFamily::kPem, "pem");
  if (looks_like_bare_jwt(text, cut)) return make(FileFamily::kJwt, "jwt");

  // Logs: decided on the first lines, since one file keeps one framing.
  size_t cri = 0, klog = 0, jsonlog = 0, stamped = 0;
  const size_t n = std::min<size_t>(lines.lines.size(), 20);
  for (size_t i = 0; i < n; ++i) {
    const std::string_view l = lines.lines[i];
    const bool line_cut = lines.last_cut && i + 1 == lines.lines.size();
    if (is_cri_line(l)) ++cri;
    if (is_klog_line(l)) ++klog;
    if (is_json_log_line(l, line_cut, i < 3)) ++jsonlog;
    if (is_timestamped_line(l)) ++stamped;
  }
  auto as_log = [&](const char* type) {
    Sniffed s = make(FileFamily::kLog, type);
    s.component = log_component(path);
    return s;
  };
  if (cri > 0 && cri * 2 >= n) return as_log("log/cri");
  // klog files often start with a few unprefixed lines (flag deprecation warnings, err=< blocks).
  if (klog > 0 && (is_klog_line(lines.lines.front()) || klog * 4 >= n)) return as_log("log/klog");
  if (jsonlog > 0 && (jsonlog * 2 >= n)) return as_log("log/json");
  if (stamped * 2 >= n && stamped > 0) return as_log("log/plain");

  if (looks_like_env(text)) return make(FileFamily::kEnv, "env");

  if (first[0] == '{' || first[0] == '[') {
    // Several complete JSON objects, one per line, are a JSON-lines log whatever its keys are
    // called; one document (kubectl/az output) is structured.
    size_t objects = 0;
    for (size_t i = 0; i < n; ++i) {
      std::string_view l = trim(lines.lines[i]);
      bool line_cut = lines.last_cut && i + 1 == lines.lines.size();
      if (!line_cut && l.size() >= 2 && l.front() == '{' && l.back() == '}' && is_json_value(l, 16))
        ++objects;
    }
    if (objects >= 2) return as_log("log/json");
    Sniffed s = make(FileFamily::kStructured, "json");
    // `{` or `[` followed by JSON is JSON; `[2024-01-02 ...] msg` or `[INFO] ...` is text, and so
    // are a JS error dump (`{ Error: The access token is from the wrong issuer`) and a Python
    // repr (`{'error': 'invalid_client', ...}`): a JSON object's first key is double-quoted.
    std::string_view rest = trim(text.substr(text.find(first[0]) + 1));
    if (first[0] == '[') {
      s.certain =
          rest.empty() || rest[0] == '{' || rest[0] == '[' || rest[0] == '"' || rest[0] == ']';
    } else {
      s.certain = rest.empty() || rest[0] == '"' || rest[0] == '}';
    }
    return s;
  }
  if (yamlish_line(first)) {
    Sniffed s = make(FileFamily::kStructured, "yaml");
    s.certain = first == "---" || starts_with(first, "--- ") || starts_with(first, "%YAML") ||
                (has_top_level_key(text, "apiVersion") && has_top_level_key(text, "kind"));
    return s;
  }
  // Text with no structure and no timestamps: still scanned, but only a guess.
  Sniffed s = as_log("log/plain");
  s.certain = false;
  return s;
}

}  // namespace wid
