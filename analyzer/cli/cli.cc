#include "analyzer/cli/cli.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <ctime>
#include <exception>
#include <iomanip>
#include <map>
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
    "error; 3 error findings; 4 only warnings (with --fail-on=warning); 5 incomplete evidence\n"
    "(with --fail-on-incomplete). --exit-zero clears 3-5.";

}  // namespace

int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{kDescription, "wi-doctor"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every subcommand");

  AnalyzeArgs a;
  auto* analyze = app.add_subcommand(
      "analyze", "Analyze saved evidence: a directory, a .tar.gz/.tgz/.tar bundle, or files");
  analyze->add_option("paths", a.paths, "Directories, archives or files to analyze")->required();
  analyze->add_option("-o,--output", a.outputs,
                      "FORMAT=PATH, repeatable; PATH '-' is stdout. Formats: text, json, "
                      "html, sarif, junit, markdown. Default: text=-");
  analyze->add_option("--rules", a.rule_dirs, "Directory of extra rule YAML files (repeatable)");
  analyze->add_flag("--no-builtin-rules", a.no_builtin,
                    "Load only --rules directories (benchmarks, custom packs)");
  analyze->add_option("--only", a.only, "Report only these rule ids (comma-separated)")
      ->delimiter(',');
  analyze->add_option("--skip", a.skip, "Do not report these rule ids (comma-separated)")
      ->delimiter(',');
  analyze
      ->add_option("--fail-on", a.fail_on,
                   "Lowest severity that makes the exit code non-zero: error (3), warning "
                   "(4), info (4), none")
      ->check(CLI::IsMember({"error", "warning", "info", "none"}));
  analyze->add_flag(
      "--fail-on-incomplete", a.fail_on_incomplete,
      "Exit 5 when evidence is incomplete (an unknown finding or a failed collector)");
  analyze->add_flag("--exit-zero", a.exit_zero, "Exit 0 even with findings (scheduled runs)");
  analyze->add_option("--now", a.now,
                      "Judge the evidence as of this RFC 3339 time (default: the bundle's "
                      "collection time, else its newest log timestamp, else the clock)");
  analyze->add_option("--threads", a.threads, "Log-scan threads (default: all cores)")
      ->check(CLI::Range(1, 256));
  analyze->add_option("--color", a.color, "Colour in text output: auto, always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  analyze->add_flag("-q,--quiet", a.quiet, "No progress on stderr");
  analyze->add_flag("--no-unescape", a.no_unescape,
                    "Match log records only as written (no unescaped second pass)");
  analyze->add_option("--set", a.settings,
                      "NAME=VALUE the checks may use, as if from an env file (e.g. "
                      "AZURE_SUBSCRIPTION_ID=..., AZURE_CLIENT_ID=...); repeatable; secret-named "
                      "values are masked at once");
  analyze->add_flag("--hash-all", a.hash_all,
                    "Hash every input (default: logs over 16 MiB are listed without a sha256)");
  analyze->add_option("--source-root", a.source_root,
                      "The repository being checked: inputs read from under DIR are located "
                      "relative to it (SARIF results point at the manifest line)");

  ReportArgs ra;
  auto* report = app.add_subcommand("report", "Re-render a saved JSON report without re-analyzing");
  report->add_option("report", ra.path, "A wi-doctor JSON report (wi-doctor.report/v1)")
      ->required();
  report->add_option("-o,--output", ra.outputs,
                     "FORMAT=PATH, repeatable: text, json, html, sarif, junit, markdown "
                     "(default text=-)");
  report->add_option("--rules", ra.rule_dirs,
                     "Directory of extra rule YAML files, for SARIF rules[] (repeatable)");
  report->add_flag("--no-builtin-rules", ra.no_builtin, "Only the --rules directories");
  report->add_option("--fail-on", ra.fail_on, "As for analyze")
      ->check(CLI::IsMember({"error", "warning", "info", "none"}));
  report->add_flag("--fail-on-incomplete", ra.fail_on_incomplete,
                   "Exit 5 when the report's evidence is incomplete");
  report->add_flag("--exit-zero", ra.exit_zero, "Exit 0 even with findings");
  report->add_option("--color", ra.color, "auto, always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));

  RulesArgs rl;
  auto* rules = app.add_subcommand("rules", "List or validate rules");
  rules->require_subcommand(1);
  auto* rules_list = rules->add_subcommand("list", "Every rule: id, severity, kind, title");
  rules_list->add_option("--rules", rl.rule_dirs, "Also load rules from DIR (repeatable)");
  rules_list->add_flag("--no-builtin-rules", rl.no_builtin, "Only the --rules directories");
  rules_list->add_flag("--json", rl.json, "Print the catalog as JSON");
  auto* rules_validate =
      rules->add_subcommand("validate", "Check rule files (read, validate, compile) and exit");
  rules_validate->add_option("dirs", rl.validate_dirs, "Directories of rule YAML files")
      ->required();

  std::string explain_id;
  auto* explain = app.add_subcommand(
      "explain", "Explain a rule or Entra code offline: meaning, causes, fix, docs");
  explain->add_option("id", explain_id, "Rule id or AADSTS code, e.g. AADSTS70021")->required();

  auto* version = app.add_subcommand("version", "Print the version");

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

  if (analyze->parsed()) {
    if (a.threads <= 0)
      a.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return cmd_analyze(a, out, err);
  }
  if (report->parsed()) return cmd_report(ra, out, err);
  if (rules_list->parsed()) return cmd_rules_list(rl, out, err);
  if (rules_validate->parsed()) return cmd_rules_validate(rl, out, err);
  if (explain->parsed()) return cmd_explain(explain_id, out, err);
  if (version->parsed()) {
    out << "wi-doctor " << tool_version() << "\n";
    return kExitOk;
  }
  err << app.help();
  return kExitUsage;
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
