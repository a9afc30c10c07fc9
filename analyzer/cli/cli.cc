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
#include "analyzer/model/limit_table.h"

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
  bool explain_all = false;
  std::string explain_format = "text";
  CLI::App* analyze = nullptr;
  CLI::App* report = nullptr;
  CLI::App* rules_list = nullptr;
  CLI::App* rules_validate = nullptr;
  CLI::App* explain = nullptr;
  CLI::App* version = nullptr;
  LiveArgs live;
  CLI::App* check = nullptr;
  CLI::App* collect = nullptr;
};

void add_reporting_options(CLI::App* cmd, AnalyzeArgs& a);

void add_analyze(CLI::App& app, Commands& c) {
  c.analyze = app.add_subcommand(
      "analyze", "Analyze saved evidence: a directory, a .tar.gz/.tgz/.tar bundle, or files");
  c.analyze->add_option("paths", c.a.paths, "Directories, archives or files to analyze")
      ->required();
  add_reporting_options(c.analyze, c.a);
}

// analyze's reporting options, which check takes as they are.
void add_reporting_options(CLI::App* cmd, AnalyzeArgs& a) {
  cmd->add_option("-o,--output", a.outputs,
                  "FORMAT=PATH, repeatable; PATH '-' is stdout. Formats: text, json, "
                  "html, sarif, junit, markdown. Default: text=-");
  cmd->add_option("--rules", a.rule_dirs, "Directory of extra rule YAML files (repeatable)");
  cmd->add_flag("--no-builtin-rules", a.no_builtin,
                "Load only --rules directories (benchmarks, custom packs)");
  cmd->add_option("--only", a.only, "Report only these rule ids (comma-separated)")->delimiter(',');
  cmd->add_option("--skip", a.skip, "Do not report these rule ids (comma-separated)")
      ->delimiter(',');
  cmd->add_option("--fail-on", a.fail_on,
                  "Lowest severity that makes the exit code non-zero: error (3), warning "
                  "(4), info (4), none")
      ->check(CLI::IsMember({"error", "warning", "info", "none"}));
  cmd->add_flag("--fail-on-incomplete", a.fail_on_incomplete,
                "Exit 5 when evidence is incomplete (an unknown finding or a failed collector)");
  cmd->add_flag("--exit-zero", a.exit_zero, "Exit 0 even with findings (scheduled runs)");
  cmd->add_option("--now", a.now,
                  "Judge the evidence as of this RFC 3339 time (default: the bundle's "
                  "collection time, else its newest log timestamp, else the clock)");
  cmd->add_option("--threads", a.threads, "Log-scan threads (default: all cores)")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--color", a.color, "Colour in text output: auto, always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_flag("-q,--quiet", a.quiet, "No progress on stderr");
  cmd->add_flag("--no-unescape", a.no_unescape,
                "Match log records only as written (no unescaped second pass)");
  cmd->add_option("--set", a.settings,
                  "NAME=VALUE the checks may use, as if from an env file (e.g. "
                  "AZURE_SUBSCRIPTION_ID=..., AZURE_CLIENT_ID=...); repeatable; secret-named "
                  "values are masked at once");
  cmd->add_flag("--hash-all", a.hash_all,
                "Hash every input (default: logs over 16 MiB are listed without a sha256)");
  cmd->add_option("--max-record-bytes", a.max_record_bytes,
                  "Cut a log record (a line and its continuation lines) at this many bytes "
                  "(default 1 MiB); a cut is an ANALYSIS_LIMIT_REACHED finding")
      ->check(CLI::Range(size_t{256}, size_t{1} << 30));
  cmd->add_option("--max-files", a.max_files,
                  "Files a directory walk reads before it stops (default 100000); reaching it "
                  "is an ANALYSIS_LIMIT_REACHED finding")
      ->check(CLI::Range(size_t{1}, size_t{100000000}));
  cmd->add_option("--limit", a.limits,
                  "NAME=VALUE: raise (or lower) an analysis limit, repeatable; byte counts take "
                  "K, M, G (binary). Reaching one is an ANALYSIS_LIMIT_REACHED finding, or for a "
                  "report size a note in that report. NAME=default:" +
                      limit_help());
  cmd->add_option("--source-root", a.source_root,
                  "The repository being checked: inputs read from under DIR are located "
                  "relative to it (SARIF results point at the manifest line)");
}

// The cluster, issuer and Azure options check and collect share.
void add_live_options(CLI::App* cmd, LiveArgs& l) {
  cmd->add_option("--kubeconfig", l.kubeconfig,
                  "Kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then in-cluster)");
  cmd->add_option("--context", l.context, "Kubeconfig context (default: current-context)");
  cmd->add_option("-n,--namespace", l.namespace_,
                  "Where CAPZ and ASO run (default capz-system); the namespaces of annotated "
                  "service accounts are read as well");
  cmd->add_flag("--no-azure", l.no_azure, "Do not read Azure (ARM)");
  cmd->add_option("--azure-token", l.azure_token,
                  "ARM access token (default: AZURE_ACCESS_TOKEN, then `az account "
                  "get-access-token`); held in memory only, never saved or printed");
  cmd->add_option("--azure-cloud", l.azure_cloud,
                  "AzurePublicCloud (default), AzureChinaCloud or AzureUSGovernment: where ARM and "
                  "the token endpoint are")
      ->check(CLI::IsMember({"AzurePublicCloud", "AzureChinaCloud", "AzureUSGovernment"}));
  cmd->add_option("--arm-endpoint", l.arm_endpoint,
                  "ARM endpoint URL (default: the cloud's, e.g. https://management.azure.com); "
                  "one named here may be a private address and is never proxied");
  cmd->add_option("--authority-host", l.authority_host,
                  "Entra token endpoint host URL for --exchange (default: the cloud's, e.g. "
                  "https://login.microsoftonline.com); one named here may be a private address "
                  "and is never proxied");
  cmd->add_option("--ca-file", l.ca_files,
                  "Extra CA certificates (PEM) trusted for the issuer, ARM and login, added to "
                  "the system store; SSL_CERT_FILE and CURL_CA_BUNDLE are added too (repeatable)");
  cmd->add_flag("--allow-private-issuer", l.allow_private_issuer,
                "Fetch the issuer even when it resolves to a loopback, private or link-local "
                "address (Entra could not)");
  cmd->add_flag("--mint-tokens", l.mint_tokens,
                "Request a token for each workload-identity service account (TokenRequest)");
  cmd->add_flag("--exchange", l.exchange,
                "Exchange a minted token with Entra to get its own answer, saved as "
                "azure/exchange/<ns>/<sa>.json without any access token (implies --mint-tokens)");
  cmd->add_option("--since", l.since, "Container logs of the last DURATION (default 1h)");
  cmd->add_option("--tail", l.tail, "At most N lines of each container log")
      ->check(CLI::Range(0, 1000000));
  cmd->add_option("--request-timeout", l.request_timeout,
                  "Time limit of one request (default 20s)");
  cmd->add_option("--timeout", l.timeout, "Time limit of the whole run (default 120s)");
  cmd->add_option("--connect-to", l.connect_to,
                  "HOST:PORT:CONNECT-HOST:CONNECT-PORT, as curl --connect-to: connect there "
                  "while names and TLS stay those of the URL (repeatable)");
  cmd->add_flag("--pseudonymize", l.pseudonymize,
                "Replace tenant, subscription and object (principal) IDs with consistent "
                "pseudonyms of the same GUID form, keyed per run, before anything is kept");
  cmd->add_option("--parallel", l.parallel,
                  "Independent reads at once (default 4; 1 reads one after another, with the "
                  "same result)")
      ->check(CLI::Range(1, 4));
}

void add_live(CLI::App& app, Commands& c) {
  c.check = app.add_subcommand(
      "check", "Live health check of the current cluster, the public issuer and Azure");
  add_live_options(c.check, c.live);
  add_reporting_options(c.check, c.live.report);
  c.collect =
      app.add_subcommand("collect", "Save what check reads, redacted, as a bundle for analyze");
  c.collect->add_option("bundle", c.live.bundle_path, "The bundle to write (FILE.tar.gz)")
      ->required();
  add_live_options(c.collect, c.live);
  c.collect->add_option("--now", c.live.report.now, "The collection time to record (RFC 3339)");
  c.collect->add_flag("-q,--quiet", c.live.report.quiet, "No progress on stderr");
  c.collect->add_flag("--fail-on-incomplete", c.live.report.fail_on_incomplete,
                      "Exit 5 when a collector failed");
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
  auto* id = c.explain->add_option("id", c.explain_id, "Rule id or AADSTS code, e.g. AADSTS70021");
  auto* all = c.explain->add_flag("--all", c.explain_all, "Every built-in rule, sorted by id");
  id->excludes(all);
  c.explain
      ->add_option("-o,--output", c.explain_format,
                   "text, or markdown (with --all: the failure reference, docs/failures.md)")
      ->check(CLI::IsMember({"text", "markdown"}));

  c.version = app.add_subcommand(
      "version", "Print the version, the git revision it was built from and the library versions");
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
  if (c.check->parsed()) {
    if (c.live.report.threads <= 0)
      c.live.report.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return cmd_check(c.live, out, err);
  }
  if (c.collect->parsed()) return cmd_collect(c.live, out, err);
  if (c.rules_list->parsed()) return cmd_rules_list(c.rl, out, err);
  if (c.rules_validate->parsed()) return cmd_rules_validate(c.rl, out, err);
  if (c.explain->parsed()) {
    if (c.explain_all) return cmd_explain_all(c.explain_format, out, err);
    if (c.explain_id.empty()) {
      err << "wi-doctor explain: give a rule id or --all\n";
      return kExitUsage;
    }
    if (c.explain_format != "text") {
      err << "wi-doctor explain: -o markdown needs --all\n";
      return kExitUsage;
    }
    return cmd_explain(c.explain_id, out, err);
  }
  if (c.version->parsed()) {
    out << version_text();
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
  add_live(app, c);
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
