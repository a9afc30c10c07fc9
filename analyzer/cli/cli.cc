#include "analyzer/cli/cli.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <ctime>
#include <exception>
#include <iomanip>
#include <map>
#include <optional>
#include <sstream>
#include <thread>

#include "analyzer/cli/commands.h"
#include "analyzer/cli/exit_codes.h"

namespace wid {
namespace {

constexpr const char* kDescription =
    "wi-doctor diagnoses Azure (Entra) Workload Identity on Kubernetes: CAPZ management clusters,\n"
    "Azure Service Operator and any pod using azure-workload-identity. It reads what you saved\n"
    "(pod logs, kubectl/az JSON or YAML, manifests, tokens), names every known failure with the\n"
    "exact fix, and exits non-zero when findings reach --fail-on.\n\n"
    "Exit codes: 0 nothing at or above --fail-on; 1 internal error; 2 usage, rule or input\n"
    "error, or a report that could not be written; 3 error findings; 4 only warnings (with\n"
    "--fail-on=warning); 5 incomplete evidence (with --fail-on-incomplete). --exit-zero clears\n"
    "3-5.";

// The subcommands, their arguments and the parsed flags, filled by the add_* stages below (in
// the order --help lists them) and read by dispatch().
struct Commands {
  AnalyzeArgs a;
  ReportArgs ra;
  RulesArgs rl;
  std::string explain_id;
  CLI::App* analyze = nullptr;
  CLI::App* report = nullptr;
  CLI::App* rules_list = nullptr;
  CLI::App* rules_validate = nullptr;
  CLI::App* explain = nullptr;
  CLI::App* version = nullptr;
};

void add_analyze(CLI::App& app, Commands& c) {
  c.analyze = app.add_subcommand(
      "analyze", "Analyze saved evidence: a directory, a .tar.gz/.tgz/.tar bundle, or files");
  c.analyze->add_option("paths", c.a.paths, "Directories, archives or files to analyze")
      ->required();
  c.analyze->add_option("-o,--output", c.a.outputs,
                        "FORMAT=PATH, repeatable; PATH '-' is stdout. Formats: text, json, "
                        "html, sarif, junit, markdown. Default: text=-");
  c.analyze->add_option("--rules", c.a.rule_dirs,
                        "Directory of extra rule YAML files (repeatable)");
  c.analyze->add_flag("--no-builtin-rules", c.a.no_builtin,
                      "Load only --rules directories (benchmarks, custom packs)");
  c.analyze->add_option("--only", c.a.only, "Report only these rule ids (comma-separated)")
      ->delimiter(',');
  c.analyze->add_option("--skip", c.a.skip, "Do not report these rule ids (comma-separated)")
      ->delimiter(',');
  c.analyze
      ->add_option("--fail-on", c.a.fail_on,
                   "Lowest severity that makes the exit code non-zero: error (3), warning "
                   "(4), info (4), none")
      ->check(CLI::IsMember({"error", "warning", "info", "none"}));
  c.analyze->add_flag(
      "--fail-on-incomplete", c.a.fail_on_incomplete,
      "Exit 5 when evidence is incomplete (an unknown finding or a failed collector)");
  c.analyze->add_flag("--exit-zero", c.a.exit_zero, "Exit 0 even with findings (scheduled runs)");
  c.analyze->add_option("--now", c.a.now,
                        "Judge the evidence as of this RFC 3339 time (default: the bundle's "
                        "collection time, else its newest log timestamp, else the clock)");
  c.analyze->add_option("--threads", c.a.threads, "Log-scan threads (default: all cores)")
      ->check(CLI::Range(1, 256));
  c.analyze->add_option("--color", c.a.color, "Colour in text output: auto, always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  c.analyze->add_flag("-q,--quiet", c.a.quiet, "No progress on stderr");
  c.analyze->add_flag("--no-unescape", c.a.no_unescape,
                      "Match log records only as written (no unescaped second pass)");
  c.analyze->add_option("--set", c.a.settings,
                        "NAME=VALUE the checks may use, as if from an env file (e.g. "
                        "AZURE_SUBSCRIPTION_ID=..., AZURE_CLIENT_ID=...); repeatable; secret-named "
                        "values are masked at once");
  c.analyze->add_flag("--hash-all", c.a.hash_all,
                      "Hash every input (default: logs over 16 MiB are listed without a sha256)");
  c.analyze
      ->add_option("--max-record-bytes", c.a.max_record_bytes,
                   "Cut a log record (a line and its continuation lines) at this many bytes "
                   "(default 1 MiB); a cut is an ANALYSIS_LIMIT_REACHED finding")
      ->check(CLI::Range(size_t{256}, size_t{1} << 30));
  c.analyze
      ->add_option("--max-files", c.a.max_files,
                   "Files a directory walk reads before it stops (default 100000); reaching it "
                   "is an ANALYSIS_LIMIT_REACHED finding")
      ->check(CLI::Range(size_t{1}, size_t{100000000}));
  c.analyze->add_option("--source-root", c.a.source_root,
                        "The repository being checked: inputs read from under DIR are located "
                        "relative to it (SARIF results point at the manifest line)");
}

void add_report(CLI::App& app, Commands& c) {
  c.report = app.add_subcommand("report", "Re-render a saved JSON report without re-analyzing");
  c.report->add_option("report", c.ra.path, "A wi-doctor JSON report (wi-doctor.report/v1)")
      ->required();
  c.report->add_option("-o,--output", c.ra.outputs,
                       "FORMAT=PATH, repeatable: text, json, html, sarif, junit, markdown "
                       "(default text=-)");
  c.report->add_option("--rules", c.ra.rule_dirs,
                       "Directory of extra rule YAML files, for SARIF rules[] (repeatable)");
  c.report->add_flag("--no-builtin-rules", c.ra.no_builtin, "Only the --rules directories");
  c.report->add_option("--fail-on", c.ra.fail_on, "As for analyze")
      ->check(CLI::IsMember({"error", "warning", "info", "none"}));
  c.report->add_flag("--fail-on-incomplete", c.ra.fail_on_incomplete,
                     "Exit 5 when the report's evidence is incomplete");
  c.report->add_flag("--exit-zero", c.ra.exit_zero, "Exit 0 even with findings");
  c.report->add_option("--color", c.ra.color, "auto, always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

void add_rules(CLI::App& app, Commands& c) {
  CLI::App* rules = app.add_subcommand("rules", "List or validate rules");
  rules->require_subcommand(1);
  c.rules_list = rules->add_subcommand("list", "Every rule: id, severity, kind, title");
  c.rules_list->add_option("--rules", c.rl.rule_dirs, "Also load rules from DIR (repeatable)");
  c.rules_list->add_flag("--no-builtin-rules", c.rl.no_builtin, "Only the --rules directories");
  c.rules_list->add_flag("--json", c.rl.json, "Print the catalog as JSON");
  c.rules_validate =
      rules->add_subcommand("validate", "Check rule files (read, validate, compile) and exit");
  c.rules_validate->add_option("dirs", c.rl.validate_dirs, "Directories of rule YAML files")
      ->required();
}

void add_explain_and_version(CLI::App& app, Commands& c) {
  c.explain = app.add_subcommand(
      "explain", "Explain a rule or Entra code offline: meaning, causes, fix, docs");
  c.explain->add_option("id", c.explain_id, "Rule id or AADSTS code, e.g. AADSTS70021")->required();

  c.version = app.add_subcommand("version", "Print the version");
}

// Parses argv; an exit code when parsing ends the run (help, a usage error), else nullopt.
std::optional<int> parse(CLI::App& app, int argc, char** argv, std::ostream& out,
                         std::ostream& err) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    out << app.help();
    (void)e;
    return kExitOk;
  } catch (const CLI::CallForAllHelp& e) {
    out << app.help("", CLI::AppFormatMode::All);
    (void)e;
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    // Subcommand help requests surface as CallForHelp from the subcommand.
    std::ostringstream help_out, help_err;
    int rc = app.exit(e, help_out, help_err);
    out << help_out.str();
    err << help_err.str();
    return rc == 0 ? kExitOk : kExitUsage;
  }
  return std::nullopt;
}

int dispatch(CLI::App& app, Commands& c, std::ostream& out, std::ostream& err) {
  if (c.analyze->parsed()) {
    if (c.a.threads <= 0)
      c.a.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return cmd_analyze(c.a, out, err);
  }
  if (c.report->parsed()) return cmd_report(c.ra, out, err);
  if (c.rules_list->parsed()) return cmd_rules_list(c.rl, out, err);
  if (c.rules_validate->parsed()) return cmd_rules_validate(c.rl, out, err);
  if (c.explain->parsed()) return cmd_explain(c.explain_id, out, err);
  if (c.version->parsed()) {
    out << "wi-doctor " << tool_version() << "\n";
    return kExitOk;
  }
  err << app.help();
  return kExitUsage;
}

}  // namespace

int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{kDescription, "wi-doctor"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every subcommand");
  Commands c;
  add_analyze(app, c);
  add_report(app, c);
  add_rules(app, c);
  add_explain_and_version(app, c);
  if (auto rc = parse(app, argc, argv, out, err)) return *rc;
  return dispatch(app, c, out, err);
}

int run_main(int argc, char** argv, std::ostream& out, std::ostream& err) {
  try {
    return run_cli(argc, argv, out, err);
  } catch (const std::exception& e) {
    err << "wi-doctor: internal error: " << e.what() << "\n";
  } catch (...) {
    err << "wi-doctor: internal error\n";
  }
  return kExitInternal;
}

}  // namespace wid
