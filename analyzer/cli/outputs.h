// `-o FORMAT=PATH` handling: parse, then render the one Report to each sink ("-" is stdout).
// Files are created 0600, never through a symlink, and replaced whole or not at all
// (report_file.h); a sink that fails is an error, never a silently lost report.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "analyzer/model/limit_table.h"
#include "analyzer/model/report.h"
#include "analyzer/model/result.h"
#include "reports/renderer.h"
#include "rules/catalog.h"

namespace wid {

struct OutputSpec {
  std::string format;
  std::string path;  // "-" = stdout
};

Result<std::vector<OutputSpec>> parse_outputs(const std::vector<std::string>& specs);
bool want_color(const std::string& mode);  // auto | always | never; auto honours NO_COLOR + tty
// Every rule's words for renderers that list the whole catalog (SARIF), sorted by id.
std::vector<RuleDoc> rule_docs(const Catalog& catalog);
Status write_outputs(const Report& report, const std::vector<OutputSpec>& outputs,
                     const std::string& color_mode, const std::vector<RuleDoc>& rules,
                     std::ostream& out, const LimitValues& limits = LimitValues());

}  // namespace wid
