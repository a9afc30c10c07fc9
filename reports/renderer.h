// Renderers are sinks over one Report, one file each, chosen from one table by name.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "analyzer/model/finding.h"
#include "analyzer/model/limits.h"
#include "analyzer/model/report.h"
#include "analyzer/model/result.h"

namespace wid {

// A rule's words, for renderers that describe every rule and not only the ones that fired (SARIF
// tool.driver.rules[]). The CLI fills these from the catalog; reports/ never reads the catalog
// itself (layering: model <- reports).
struct RuleDoc {
  std::string id;
  std::string title;
  std::string group;
  std::string kind;  // log | check | input
  std::string hop;
  Severity severity = Severity::kError;
  std::optional<Confidence> confidence;  // how surely the rule's evidence proves it
  std::string explain;
  std::string fix_summary;
  std::vector<std::string> fix_commands;  // templates: {capture} and <PLACEHOLDER> left as written
  std::vector<std::string> docs;
};

struct RenderOptions {
  bool color = false;          // text: ANSI colour (the CLI decides: tty, NO_COLOR, --color)
  std::vector<RuleDoc> rules;  // every loaded rule, sorted by id; may be empty (tests)
  // Report-size cuts (--limit sarif-results=, markdown-bytes=, junit-bytes=); each cut is said in
  // the report it shortens, and the JSON report keeps everything.
  size_t sarif_results = limits::kMaxSarifResults;
  size_t markdown_bytes = limits::kMaxMarkdownBytes;
  size_t junit_bytes = limits::kMaxJunitBodyBytes;
};

struct Renderer {
  const char* name;         // json | text | html | sarif | junit | markdown
  const char* description;  // one line for --help
  Status (*render)(const Report& report, const RenderOptions& options, std::ostream& out);
};

// The sinks themselves, one file each (reports/<name>.cc); callers go through the table, tests
// may call them directly. Each takes the report as it is: finalized where it was made, so that
// sorting and the summary happen once. A report that skipped finalize() is refused (kInternal),
// not silently rendered in the caller's order.
Status render_json(const Report& report, const RenderOptions& options, std::ostream& out);
Status render_text(const Report& report, const RenderOptions& options, std::ostream& out);
Status render_html(const Report& report, const RenderOptions& options, std::ostream& out);
Status render_sarif(const Report& report, const RenderOptions& options, std::ostream& out);
Status render_junit(const Report& report, const RenderOptions& options, std::ostream& out);
Status render_markdown(const Report& report, const RenderOptions& options, std::ostream& out);

inline Status require_finalized(const Report& report) {
  if (report.finalized()) return Ok{};
  return make_error(ErrorCode::kInternal, "a report was rendered before Report::finalize()");
}

// The table of renderers, in the order --help lists them.
const std::vector<Renderer>& renderers();
const Renderer* find_renderer(const std::string& name);

}  // namespace wid
