#include "analyzer/model/limit_table.h"

#include <charconv>
#include <cstdio>

#include "analyzer/model/limits.h"

namespace wid {
namespace {

using limits::kGiB;
using limits::kKiB;
using limits::kMiB;

constexpr uint64_t kTiB = 1024 * kGiB;

// In the README's order. The upper bounds keep a typo from asking for more memory than a host has
// (archive members are held in memory) or for a report a CI service refuses.
constexpr std::array<LimitSpec, kLimitCount> kSpecs = {{
    {Limit::kRecordBytes, "record-bytes", "--max-record-bytes",
     "bytes of one log record (a line and its continuation lines)", true, limits::kMaxRecordBytes,
     256, 1 * kGiB},
    {Limit::kFiles, "files", "--max-files", "files read by a directory walk", false,
     limits::kMaxDirectoryFiles, 1, 100000000},
    {Limit::kTotalBytes, "total-bytes", nullptr,
     "bytes read from all inputs together, as stored (archive members, not the archive)", true,
     limits::kMaxTotalBytes, 1, 1024 * kTiB},
    {Limit::kFileBytes, "file-bytes", nullptr, "bytes of a YAML/JSON file (parsed whole)", true,
     limits::kMaxStructuredFileBytes, 1 * kKiB, 256 * kMiB},
    {Limit::kGzipBytes, "gzip-bytes", nullptr, "decompressed bytes of a .gz file", true,
     limits::kMaxDecompressedBytes, 1 * kKiB, 1024 * kTiB},
    {Limit::kArchiveEntries, "archive-entries", nullptr, "entries of a tar archive", false,
     limits::kMaxArchiveEntries, 1, 100000000},
    {Limit::kArchiveEntryBytes, "archive-entry-bytes", nullptr,
     "bytes of one archive entry (held in memory)", true, limits::kMaxArchiveEntryBytes, 1 * kKiB,
     16 * kGiB},
    {Limit::kArchiveBytes, "archive-bytes", nullptr, "bytes of all entries of one archive", true,
     limits::kMaxArchiveTotalBytes, 1 * kKiB, 64 * kGiB},
    {Limit::kSamples, "samples", nullptr, "sample lines kept per finding", false,
     limits::kMaxSamplesPerFinding, 1, 1000},
    {Limit::kSarifResults, "sarif-results", nullptr, "results in a SARIF report", false,
     limits::kMaxSarifResults, 1, 25000},
    {Limit::kMarkdownBytes, "markdown-bytes", nullptr, "bytes of a Markdown report", true,
     limits::kMaxMarkdownBytes, 16 * kKiB, 64 * kMiB},
    {Limit::kJunitBytes, "junit-bytes", nullptr, "bytes of failure bodies in a JUnit report", true,
     limits::kMaxJunitBodyBytes, 1, 1 * kGiB},
}};

// "64GiB" -> 64 << 30; the suffixes are binary whatever their spelling (K, KiB; M, MiB; G, GiB).
bool parse_value(std::string_view text, bool bytes, uint64_t& out) {
  uint64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end == text.data()) return false;
  const std::string_view unit(end, static_cast<size_t>(text.data() + text.size() - end));
  uint64_t scale = 1;
  if (unit == "K" || unit == "KiB")
    scale = kKiB;
  else if (unit == "M" || unit == "MiB")
    scale = kMiB;
  else if (unit == "G" || unit == "GiB")
    scale = kGiB;
  else if (!unit.empty())
    return false;
  if (scale != 1 && !bytes) return false;
  if (n > UINT64_MAX / scale) return false;
  out = n * scale;
  return true;
}

std::string known_names() {
  std::string names;
  for (const LimitSpec& s : kSpecs) names += std::string(names.empty() ? "" : ", ") + s.name;
  return names;
}

}  // namespace

const std::array<LimitSpec, kLimitCount>& limit_specs() { return kSpecs; }

const LimitSpec& limit_spec(Limit id) { return kSpecs[static_cast<size_t>(id)]; }

LimitValues::LimitValues() {
  for (const LimitSpec& s : kSpecs) values_[static_cast<size_t>(s.id)] = s.default_value;
}

Status apply_limit_setting(std::string_view setting, LimitValues& values) {
  const size_t eq = setting.find('=');
  const std::string_view name = setting.substr(0, eq);
  for (const LimitSpec& s : kSpecs) {
    if (name != s.name) continue;
    uint64_t v = 0;
    if (eq == std::string_view::npos || !parse_value(setting.substr(eq + 1), s.bytes, v) ||
        v < s.min_value || v > s.max_value) {
      return make_error(ErrorCode::kInvalidArgument,
                        "--limit " + std::string(setting) + ": " + s.name + " wants " +
                            (s.bytes ? "a byte count (K, M, G suffixes are binary)" : "a count") +
                            " from " + format_limit_value(s.id, s.min_value) + " to " +
                            format_limit_value(s.id, s.max_value));
    }
    values.set(s.id, v);
    return Ok{};
  }
  return make_error(
      ErrorCode::kInvalidArgument,
      "--limit " + std::string(setting) + ": unknown limit (known: " + known_names() + ")");
}

std::string limit_option(Limit id) {
  const LimitSpec& s = limit_spec(id);
  if (s.alias != nullptr) return s.alias;
  return std::string("--limit ") + s.name + "=N";
}

std::string format_limit_value(Limit id, uint64_t value) {
  if (!limit_spec(id).bytes) return std::to_string(value);
  for (const auto& [unit, size] : {std::pair{"GiB", kGiB}, {"MiB", kMiB}, {"KiB", kKiB}}) {
    if (value < size) continue;
    char buf[48];
    if (value % size == 0)
      std::snprintf(buf, sizeof buf, "%llu %s", static_cast<unsigned long long>(value / size),
                    unit);
    else
      std::snprintf(buf, sizeof buf, "%.1f %s", static_cast<double>(value) / size, unit);
    return buf;
  }
  return std::to_string(value) + " bytes";
}

std::string limit_help() {
  std::string out;
  for (const LimitSpec& s : kSpecs) {
    std::string line = "  " + std::string(s.name) + "=" + format_limit_value(s.id, s.default_value);
    line.resize(std::max<size_t>(line.size() + 1, 30), ' ');
    out += "\n" + line + s.what;
  }
  return out;
}

}  // namespace wid
