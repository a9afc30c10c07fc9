// The `json` renderer: the Report as `wi-doctor.report/v1` (docs/report-schema.md), byte-for-byte
// deterministic. The model owns the JSON shape (report_to_json); this sink only orders and writes.
// The `inputs` list is written one entry at a time: for a tree of 20,000 small files it is most of
// the report, and its whole DOM and text at once took 35 MiB.
#include <string>
#include <string_view>

#include "reports/renderer.h"

namespace wid {
namespace {

// The text dump_json gives a top-level key's value, written at indent level 1 as dump() writes
// an array of objects: "[", each entry's lines indented by four spaces, "]" at two.
void write_inputs(const Report& report, std::ostream& out) {
  if (report.inputs.empty()) {
    out << "[]";
    return;
  }
  out << "[\n";
  for (size_t k = 0; k < report.inputs.size(); ++k) {
    const std::string entry = dump_json(input_to_json(report.inputs[k]), 2);
    // A JSON string escapes its line breaks, so every raw line break is the layout's.
    size_t start = 0;
    while (start <= entry.size()) {
      size_t end = entry.find('\n', start);
      if (end == std::string::npos) end = entry.size();
      out << "    " << std::string_view(entry).substr(start, end - start);
      if (end == entry.size()) break;
      out << '\n';
      start = end + 1;
    }
    out << (k + 1 < report.inputs.size() ? ",\n" : "\n");
  }
  out << "  ]";
}

}  // namespace

Status render_json(const Report& report, const RenderOptions& /*options*/, std::ostream& out) {
  if (Status st = require_finalized(report); !st.ok()) return st;
  const std::string rest = dump_json(report_to_json_without_inputs(report), 2);
  // The top-level key sits on a line of its own at two spaces; inside a string a line break is
  // escaped, so this can only be the key.
  static constexpr std::string_view kKey = "\n  \"inputs\": []";
  const size_t at = rest.find(kKey);
  if (at == std::string::npos) {
    out << rest << '\n';  // never: the model always writes the key
  } else {
    const size_t value = at + kKey.size() - 2;  // where "[]" starts
    out << std::string_view(rest).substr(0, value);
    write_inputs(report, out);
    out << std::string_view(rest).substr(value + 2) << '\n';
  }
  out.flush();
  if (!out) return make_error(ErrorCode::kUnreadable, "could not write the JSON report");
  return Ok{};
}

}  // namespace wid
