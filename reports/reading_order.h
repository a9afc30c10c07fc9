// The one order every renderer lists findings in, so the first thing a reader (or a CI view, or a
// capped SARIF run) sees is the first thing to fix.
#pragma once

#include <vector>

#include "analyzer/model/report.h"

namespace wid {

// Errors, then warnings, then info; within each, failures before unknowns and a proven cause
// before the symptoms it explains, and what nothing explains before what another finding
// explains (a wrapper after the error it wraps); passes last. Stable over the report's canonical
// order.
void sort_for_reading(std::vector<const Finding*>& findings);

// The report's fail and unknown findings (and passes, when asked), sorted for reading.
std::vector<const Finding*> findings_for_reading(const Report& report, bool with_passes);

}  // namespace wid
