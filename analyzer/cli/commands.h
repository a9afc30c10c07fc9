// One function per subcommand; each returns the process exit code (exit_codes.h).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "analyzer/model/limits.h"
#include "analyzer/model/result.h"
#include "rules/catalog.h"

namespace wid {

struct AnalyzeArgs {
  std::vector<std::string> paths;
  std::vector<std::string> outputs;
  std::vector<std::string> rule_dirs;
  bool no_builtin = false;
  std::vector<std::string> only, skip;
  std::string fail_on = "error";
  bool fail_on_incomplete = false;
  bool exit_zero = false;
  std::string now;
  int threads = 0;
  std::string color = "auto";
  bool quiet = false;
  bool no_unescape = false;
  bool hash_all = false;
  std::vector<std::string> settings;  // --set NAME=VALUE
  std::string source_root;            // --source-root: SARIF locations relative to a repository
  // Raisable limits (README "Limits"); past them an input is an ANALYSIS_LIMIT_REACHED finding.
  size_t max_record_bytes = limits::kMaxRecordBytes;
  size_t max_files = limits::kMaxDirectoryFiles;
};

struct ReportArgs {
  std::string path;
  std::vector<std::string> outputs;
  std::vector<std::string> rule_dirs;
  bool no_builtin = false;
  std::string fail_on = "error";
  bool fail_on_incomplete = false;
  bool exit_zero = false;
  std::string color = "auto";
};

struct RulesArgs {
  std::vector<std::string> rule_dirs;
  bool no_builtin = false;
  bool json = false;
  std::vector<std::string> validate_dirs;
};

int cmd_analyze(const AnalyzeArgs& args, std::ostream& out, std::ostream& err);
int cmd_report(const ReportArgs& args, std::ostream& out, std::ostream& err);
int cmd_rules_list(const RulesArgs& args, std::ostream& out, std::ostream& err);
int cmd_rules_validate(const RulesArgs& args, std::ostream& out, std::ostream& err);
int cmd_explain(const std::string& id, std::ostream& out, std::ostream& err);

const char* tool_version();
// Built-in catalog plus --rules directories (or only those, with no_builtin).
Result<Catalog> load_rules(const std::vector<std::string>& dirs, bool no_builtin);
// RFC 3339 (YYYY-MM-DDTHH:MM:SS[.frac](Z|+hh:mm)) check for --now.
bool is_rfc3339(const std::string& s);
std::string clock_now_rfc3339();

}  // namespace wid
