// `-o FORMAT=PATH` handling: parse, then render the one Report to each sink ("-" is stdout).
// Files are created 0600 and never through a symlink (a planted link must not redirect a report
// onto another file).
#pragma once

#include <ostream>
#include <string>
#include <vector>

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
                     std::ostream& out);

}  // namespace wid
