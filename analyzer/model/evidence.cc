// Names of the closed value sets of the evidence model, as they appear in the JSON report. One
// table each, so writing and parsing cannot drift apart.
#include "analyzer/model/evidence.h"

#include "analyzer/model/enum_names.h"

namespace wid {
namespace {

constexpr NameTable<InputStatus, 3> kInputStatusNames = {{
    {InputStatus::kRead, "read"},
    {InputStatus::kUnreadable, "unreadable"},
    {InputStatus::kSkipped, "skipped"},
}};

constexpr NameTable<CollectorState, 3> kCollectorStateNames = {{
    {CollectorState::kCollected, "collected"},
    {CollectorState::kFailed, "failed"},
    {CollectorState::kSkipped, "skipped"},
}};

}  // namespace

// A value outside the table is never called collected.
const char* collector_state_name(CollectorState s) {
  return name_in(kCollectorStateNames, s, "failed");
}

std::optional<CollectorState> parse_collector_state(const std::string& s) {
  return value_in(kCollectorStateNames, s);
}

// An out-of-range value is never called a good read.
const char* input_status_name(InputStatus s) { return name_in(kInputStatusNames, s, "unreadable"); }

std::optional<InputStatus> parse_input_status(const std::string& s) {
  return value_in(kInputStatusNames, s);
}

}  // namespace wid
