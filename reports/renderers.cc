// The one table of renderers: `-o FORMAT=PATH` and --help look formats up here by name. Adding a
// format is one file in reports/ plus one line below.
#include "reports/renderer.h"

namespace wid {

const std::vector<Renderer>& renderers() {
  static const std::vector<Renderer> kRenderers = {
      {"text", "terminal summary grouped by severity, with fixes (colour on a tty)", render_text},
      {"json", "the full report as JSON, schema wi-doctor.report/v1 (docs/report-schema.md)",
       render_json},
  };
  return kRenderers;
}

// Exact match: format names are lower-case identifiers, and "-o JSON=x" failing loudly with the
// list of formats beats guessing.
const Renderer* find_renderer(const std::string& name) {
  for (const Renderer& r : renderers())
    if (name == r.name) return &r;
  return nullptr;
}

}  // namespace wid
