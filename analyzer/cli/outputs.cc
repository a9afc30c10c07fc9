#include "analyzer/cli/outputs.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "analyzer/cli/report_file.h"

namespace wid {

Result<std::vector<OutputSpec>> parse_outputs(const std::vector<std::string>& specs) {
  std::vector<OutputSpec> out;
  for (auto& s : specs) {
    auto eq = s.find('=');
    OutputSpec o{s.substr(0, eq), eq == std::string::npos ? "-" : s.substr(eq + 1)};
    if (!find_renderer(o.format)) {
      std::string names;
      for (auto& r : renderers()) names += std::string(names.empty() ? "" : ", ") + r.name;
      return make_error(
          ErrorCode::kInvalidArgument,
          "unknown output format '" + o.format + "' in -o " + s + " (known: " + names + ")");
    }
    if (o.path.empty())
      return make_error(ErrorCode::kInvalidArgument, "-o " + s + ": missing path after '='");
    out.push_back(o);
  }
  if (out.empty()) out.push_back(OutputSpec{"text", "-"});
  return out;
}

bool want_color(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return isatty(STDOUT_FILENO) == 1;
}

std::vector<RuleDoc> rule_docs(const Catalog& catalog) {
  std::vector<RuleDoc> docs;
  for (const Rule& r : catalog.rules())
    docs.push_back(RuleDoc{r.id, r.title, r.group, rule_kind_name(r.kind), r.hop, r.severity,
                           r.confidence, r.explain, r.fix_summary, r.fix_commands, r.docs});
  std::sort(docs.begin(), docs.end(),
            [](const RuleDoc& a, const RuleDoc& b) { return a.id < b.id; });
  return docs;
}

Status write_outputs(const Report& report, const std::vector<OutputSpec>& outputs,
                     const std::string& color_mode, const std::vector<RuleDoc>& rules,
                     std::ostream& out, const LimitValues& limits) {
  for (auto& o : outputs) {
    const Renderer* r = find_renderer(o.format);
    RenderOptions ro;
    ro.rules = rules;
    ro.color = o.path == "-" && want_color(color_mode);
    ro.sarif_results = limits.get(Limit::kSarifResults);
    ro.markdown_bytes = limits.get(Limit::kMarkdownBytes);
    ro.junit_bytes = limits.get(Limit::kJunitBytes);
    std::ostringstream buf;
    Status st = r->render(report, ro, buf);
    if (!st.ok()) return st;
    // Moved out, not copied: a report of 20,000 inputs is megabytes.
    const std::string text = std::move(buf).str();
    if (o.path == "-") {
      errno = 0;
      out << text;
      out.flush();
      // A full disk or a closed pipe shows here (or, for what stdio still buffers, when main
      // closes stdout): the report was lost, and that must not read as a normal result.
      if (!out) {
        const int e = errno;
        return make_error(ErrorCode::kUnreadable,
                          std::string("cannot write the report to standard output: ") +
                              (e != 0 ? std::strerror(e) : "write failed"));
      }
      continue;
    }
    Status written = write_report_file(o.path, text);
    if (!written.ok()) return written;
  }
  return Ok{};
}

}  // namespace wid
