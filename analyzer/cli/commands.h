// One function per subcommand; each returns the process exit code (exit_codes.h).
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "analyzer/model/limits.h"
#include "analyzer/model/report.h"
#include "analyzer/model/result.h"
#include "collectors/bundle/ingest.h"
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
  std::vector<std::string> limits;  // --limit NAME=VALUE (analyzer/model/limit_table.h)
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

// The options of `check` and `collect` (check also takes every reporting option of analyze).
struct LiveArgs {
  AnalyzeArgs report;       // -o, --fail-on, --only, --rules, --set, --now, ... (check)
  std::string bundle_path;  // collect: FILE.tar.gz
  std::string kubeconfig, context;
  std::string namespace_ = "capz-system";
  bool no_azure = false;
  std::string azure_token;
  std::string azure_cloud = "AzurePublicCloud";
  std::string arm_endpoint, authority_host;  // "" = the cloud's own
  std::vector<std::string> ca_files;
  bool allow_private_issuer = false;
  bool mint_tokens = false;
  bool exchange = false;
  std::string since = "1h";
  int tail = -1;  // -1: no tail limit, only --since
  std::string request_timeout = "20s";
  std::string timeout = "120s";
  std::vector<std::string> connect_to;  // HOST:PORT:CONNECT-HOST:CONNECT-PORT (curl --connect-to)
  bool pseudonymize = false;  // tenant, subscription and object IDs mapped before anything is kept
  int parallel = 4;           // independent reads at once
};

// Fills the store from wherever the evidence comes from (PATH arguments, a live run) and says
// how each source went; an error is a usage or configuration error (exit 2).
using GatherEvidence = std::function<Result<std::vector<CollectorStatus>>(
    EvidenceStore& store, const IngestOptions& ingest)>;

int cmd_analyze(const AnalyzeArgs& args, std::ostream& out, std::ostream& err);
// analyze's validation, engine run, outputs and exit code over evidence from `gather`.
int analyze_evidence(const AnalyzeArgs& args, ReportMode mode, const GatherEvidence& gather,
                     std::ostream& out, std::ostream& err);
int cmd_check(const LiveArgs& args, std::ostream& out, std::ostream& err);
int cmd_collect(const LiveArgs& args, std::ostream& out, std::ostream& err);
int cmd_report(const ReportArgs& args, std::ostream& out, std::ostream& err);
int cmd_rules_list(const RulesArgs& args, std::ostream& out, std::ostream& err);
int cmd_rules_validate(const RulesArgs& args, std::ostream& out, std::ostream& err);
int cmd_explain(const std::string& id, std::ostream& out, std::ostream& err);
// Every built-in rule; format "markdown" is docs/failures.md, "text" is each `explain ID` in turn.
int cmd_explain_all(const std::string& format, std::ostream& out, std::ostream& err);

const char* tool_version();
// `wi-doctor version`: version, git revision, and the libraries linked (build_info.cc).
std::string version_text();
// Built-in catalog plus --rules directories (or only those, with no_builtin).
Result<Catalog> load_rules(const std::vector<std::string>& dirs, bool no_builtin);
// RFC 3339 (YYYY-MM-DDTHH:MM:SS[.frac](Z|+hh:mm)) check for --now.
bool is_rfc3339(const std::string& s);
std::string clock_now_rfc3339();

}  // namespace wid
