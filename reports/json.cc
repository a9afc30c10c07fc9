// The `json` renderer: the Report as `wi-doctor.report/v1` (docs/report-schema.md), byte-for-byte
// deterministic. The model owns the JSON shape (report_to_json); this sink only orders and writes.
#include "reports/renderer.h"

namespace wid {

Status render_json(const Report& report, const RenderOptions& /*options*/, std::ostream& out) {
  if (Status st = require_finalized(report); !st.ok()) return st;
  out << dump_json(report_to_json(report), 2) << '\n';
  out.flush();
  if (!out) return make_error(ErrorCode::kUnreadable, "could not write the JSON report");
  return Ok{};
}

}  // namespace wid
