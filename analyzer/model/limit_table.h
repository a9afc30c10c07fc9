// The limits a user can raise, as one table: the CLI's `--limit NAME=VALUE`, its --help text,
// the README's Limits table (a test compares the two) and the ANALYSIS_LIMIT_REACHED details all
// read it, so they cannot disagree. Why each default is what it is lives in limits.h.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "analyzer/model/result.h"

namespace wid {

enum class Limit {
  kRecordBytes,
  kFiles,
  kTotalBytes,
  kFileBytes,
  kGzipBytes,
  kArchiveEntries,
  kArchiveEntryBytes,
  kArchiveBytes,
  kSamples,
  kSarifResults,
  kMarkdownBytes,
  kJunitBytes,
};
inline constexpr size_t kLimitCount = 12;

struct LimitSpec {
  Limit id;
  const char* name;   // `--limit NAME=VALUE`
  const char* alias;  // an older option of its own ("--max-files"), or nullptr
  const char* what;   // what it bounds, as the README and --help say it
  bool bytes;         // a byte count: VALUE takes K/KiB, M/MiB, G/GiB
  uint64_t default_value;
  uint64_t min_value;  // a smaller bound would make the analysis useless, or a value of 0 would
                       // read as "no limit"
  uint64_t max_value;
};

const std::array<LimitSpec, kLimitCount>& limit_specs();
const LimitSpec& limit_spec(Limit id);

// The value of every limit for one run: the defaults unless a flag raised (or lowered) one.
class LimitValues {
 public:
  LimitValues();
  uint64_t get(Limit id) const { return values_[static_cast<size_t>(id)]; }
  void set(Limit id, uint64_t value) { values_[static_cast<size_t>(id)] = value; }

 private:
  std::array<uint64_t, kLimitCount> values_;
};

// Applies one `NAME=VALUE` (e.g. "total-bytes=100GiB"); kInvalidArgument names the known limits
// or the allowed range.
Status apply_limit_setting(std::string_view setting, LimitValues& values);

// "--max-files" for a limit with its own option, else "--limit total-bytes=N".
std::string limit_option(Limit id);
// A value as people read it: "1.0 MiB", "64 GiB", "100000".
std::string format_limit_value(Limit id, uint64_t value);
// The lines --help lists under --limit: name, default, what it bounds.
std::string limit_help();

}  // namespace wid
