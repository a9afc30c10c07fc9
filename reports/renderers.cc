// The one table of renderers: `-o FORMAT=PATH` and --help look formats up here by name. Adding a
// format is one file in reports/ plus one line below.
#include "reports/renderer.h"

namespace wid {

const std::vector<Renderer>& renderers() {
  static const std::vector<Renderer> kRenderers = {
      {"text", "terminal summary grouped by severity, with fixes (colour on a tty)", render_text},
      {"json", "the full report as JSON, schema wi-doctor.report/v1 (docs/report-schema.md)",
       render_json},
      {"html",
       "one self-contained page (no network, works with script blocked) to attach to a "
       "ticket",
       render_html},
      {"sarif", "SARIF 2.1.0 for GitHub code scanning and other SARIF viewers", render_sarif},
      {"junit", "JUnit XML, one testcase per rule and subject (Jenkins, GitLab)", render_junit},
      {"markdown", "a summary for $GITHUB_STEP_SUMMARY or a pull-request comment", render_markdown},
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
