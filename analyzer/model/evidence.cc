// Names of the closed value sets of the evidence model, as they appear in the JSON report. One
// table each, so writing and parsing cannot drift apart.
#include "analyzer/model/evidence.h"

#include <array>
#include <utility>

namespace wid {
namespace {

constexpr std::array<std::pair<InputStatus, const char*>, 3> kInputStatusNames = {{
    {InputStatus::kRead, "read"},
    {InputStatus::kUnreadable, "unreadable"},
    {InputStatus::kSkipped, "skipped"},
}};

}  // namespace

const char* input_status_name(InputStatus s) {
  for (const auto& [value, name] : kInputStatusNames)
    if (value == s) return name;
  return "unreadable";  // unreachable for a valid enum value; never call a bad value read
}

std::optional<InputStatus> parse_input_status(const std::string& s) {
  for (const auto& [value, name] : kInputStatusNames)
    if (s == name) return value;
  return std::nullopt;
}

}  // namespace wid
