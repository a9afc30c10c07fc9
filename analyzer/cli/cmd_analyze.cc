// `wi-doctor analyze PATH...` and `wi-doctor report REPORT.json`.
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analyzer/cli/commands.h"
#include "analyzer/cli/exit_codes.h"
#include "analyzer/cli/outputs.h"
#include "analyzer/engine/engine.h"
#include "analyzer/model/limit_table.h"
#include "collectors/bundle/bundle_reader.h"
#include "collectors/parse/parse_env.h"

namespace wid {
namespace {

// The run's limits: the defaults, the two options that came before --limit, then each --limit.
Result<LimitValues> limit_values_of(const AnalyzeArgs& args) {
  LimitValues v;
  v.set(Limit::kRecordBytes, args.max_record_bytes);
  v.set(Limit::kFiles, args.max_files);
  for (const std::string& s : args.limits)
    if (Status st = apply_limit_setting(s, v); !st.ok()) return st.error();
  return v;
}

FailOn parse_fail_on(const std::string& s) {
  if (s == "warning") return FailOn::kWarning;
  if (s == "info") return FailOn::kInfo;
  if (s == "none") return FailOn::kNone;
  return FailOn::kError;
}

}  // namespace

const char* tool_version() {
#ifdef WID_VERSION
  return WID_VERSION;
#else
  return "0.0.0";
#endif
}

bool is_rfc3339(const std::string& s) {
  auto digits = [&](size_t at, size_t n) {
    if (at + n > s.size()) return false;
    for (size_t i = at; i < at + n; ++i)
      if (s[i] < '0' || s[i] > '9') return false;
    return true;
  };
  if (!(digits(0, 4) && s.size() >= 20 && s[4] == '-' && digits(5, 2) && s[7] == '-' &&
        digits(8, 2) && (s[10] == 'T' || s[10] == 't') && digits(11, 2) && s[13] == ':' &&
        digits(14, 2) && s[16] == ':' && digits(17, 2)))
    return false;
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return false;
  }
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) return i + 1 == s.size();
  return i + 6 == s.size() && (s[i] == '+' || s[i] == '-') && digits(i + 1, 2) && s[i + 3] == ':' &&
         digits(i + 4, 2);
}

std::string clock_now_rfc3339() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Result<Catalog> load_rules(const std::vector<std::string>& dirs, bool no_builtin) {
  // The built-in rules alone were loaded at build time. With a user pack, the YAML goes through
  // the loader together, so one validation sees every id, alias and wrapper.
  if (dirs.empty() && !no_builtin) return builtin_catalog();
  std::vector<CatalogSource> sources;
  if (!no_builtin) sources = builtin_catalog_sources();
  for (auto& d : dirs) {
    auto more = read_catalog_dir(d);
    if (!more.ok()) return more.error();
    sources.insert(sources.end(), more->begin(), more->end());
  }
  return load_catalog(sources);
}

int cmd_analyze(const AnalyzeArgs& args, std::ostream& out, std::ostream& err) {
  return analyze_evidence(
      args, ReportMode::kOffline,
      [&](EvidenceStore& store,
          const IngestOptions& ingest) -> Result<std::vector<CollectorStatus>> {
        auto read = read_bundle(args.paths, store, ingest);
        if (!read.ok()) return read.error();
        return std::move(read->collectors);
      },
      out, err);
}

int analyze_evidence(const AnalyzeArgs& args, ReportMode mode, const GatherEvidence& gather,
                     std::ostream& out, std::ostream& err) {
  auto outputs = parse_outputs(args.outputs);
  if (!outputs.ok()) {
    err << "wi-doctor: " << outputs.error().message << "\n";
    return kExitUsage;
  }
  if (!args.now.empty() && !is_rfc3339(args.now)) {
    err << "wi-doctor: --now " << args.now << " is not an RFC 3339 time (2026-11-28T12:00:00Z)\n";
    return kExitUsage;
  }
  auto catalog = load_rules(args.rule_dirs, args.no_builtin);
  if (!catalog.ok()) {
    err << "wi-doctor: cannot load rules:\n" << catalog.error().message << "\n";
    return kExitUsage;
  }
  for (auto* list : {&args.only, &args.skip})
    for (auto& id : *list)
      if (!catalog->find(id)) {
        err << "wi-doctor: unknown rule id '" << id << "' (see `wi-doctor rules list`)\n";
        return kExitUsage;
      }

  std::string set_text;
  for (const std::string& kv : args.settings) {
    const size_t eq = kv.find('=');
    const bool name_ok = eq != std::string::npos && eq > 0 &&
                         kv.find_first_not_of(
                             "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                             "0123456789_") >= eq &&
                         !(kv[0] >= '0' && kv[0] <= '9');
    if (!name_ok || kv.find('\n') != std::string::npos) {
      err << "wi-doctor: --set wants NAME=VALUE (e.g. AZURE_SUBSCRIPTION_ID=<guid>), got '"
          << kv.substr(0, kv.find('=')) << "...'\n";
      return kExitUsage;
    }
    set_text += kv + "\n";
  }

  auto limit_values = limit_values_of(args);
  if (!limit_values.ok()) {
    err << "wi-doctor: " << limit_values.error().message << "\n";
    return kExitUsage;
  }
  const LimitValues& lim = *limit_values;
  IngestOptions ingest{args.hash_all, "", lim.get(Limit::kFiles)};
  ingest.hash_logs_in_scan = true;  // the analysis below settles the digests
  ingest.max_total_bytes = lim.get(Limit::kTotalBytes);
  ingest.max_structured_bytes = lim.get(Limit::kFileBytes);
  ingest.max_decompressed_bytes = lim.get(Limit::kGzipBytes);
  ingest.archive = {lim.get(Limit::kArchiveEntries), lim.get(Limit::kArchiveEntryBytes),
                    lim.get(Limit::kArchiveBytes)};
  if (!args.source_root.empty()) {
    std::error_code ec;
    const auto root = std::filesystem::canonical(args.source_root, ec);
    if (ec || !std::filesystem::is_directory(root, ec)) {
      err << "wi-doctor: --source-root " << args.source_root << " is not a directory\n";
      return kExitUsage;
    }
    ingest.source_root = root.string();
  }

  auto t0 = std::chrono::steady_clock::now();
  AnalyzeOptions opts;
  opts.only = args.only;
  opts.skip = args.skip;
  opts.now = args.now;
  opts.clock_now = clock_now_rfc3339();
  opts.scan.threads = args.threads;
  opts.scan.unescape = !args.no_unescape;
  opts.scan.max_record_bytes = lim.get(Limit::kRecordBytes);
  opts.scan.max_samples = lim.get(Limit::kSamples);
  opts.tool_version = tool_version();
  opts.mode = mode;
  // The scan starts with the first log the ingest files and runs while it reads the rest.
  auto analysis = Analysis::start(*catalog, std::move(opts));
  if (!analysis.ok()) {
    err << "wi-doctor: internal error: " << analysis.error().message << "\n";
    return kExitInternal;
  }
  ingest.on_log = [&](const LogSource& log) { (*analysis)->add_log(log); };
  EvidenceStore store;
  auto gathered = gather(store, ingest);
  if (!gathered.ok()) {
    err << "wi-doctor: " << gathered.error().to_string() << "\n";
    return kExitUsage;
  }
  if (!set_text.empty()) store.settings.push_back(parse_env(set_text, SourceRef{"--set", 0, ""}));
  (*analysis)->add_collectors(*gathered);
  // A collected bundle's own collectors (the live run that made it) show as they were.
  (*analysis)->add_collectors(store.bundle_collectors);
  const size_t inputs = store.inputs.size(), logs = store.logs.size();
  size_t unrecognized = 0;
  for (auto& in : store.inputs) unrecognized += in.type == "unrecognized";
  const Report report = (*analysis)->finish(std::move(store));
  if (!args.quiet) {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    err << "wi-doctor: " << inputs << " inputs (" << logs << " logs, " << unrecognized
        << " unrecognized), " << catalog->rules().size() << " rules, " << report.findings.size()
        << " findings in " << std::fixed << std::setprecision(2) << secs << " s\n";
  }
  Status st = write_outputs(report, *outputs, args.color, rule_docs(*catalog), out, lim);
  if (!st.ok()) {
    err << "wi-doctor: " << st.error().message << "\n";
    return kExitUsage;
  }
  ExitPolicy policy{parse_fail_on(args.fail_on), args.fail_on_incomplete, args.exit_zero};
  return exit_code_for(report, policy);
}

int cmd_report(const ReportArgs& args, std::ostream& out, std::ostream& err) {
  auto outputs = parse_outputs(args.outputs);
  if (!outputs.ok()) {
    err << "wi-doctor: " << outputs.error().message << "\n";
    return kExitUsage;
  }
  // The catalog gives SARIF its rules[]; a saved report carries findings, not every rule's words.
  auto catalog = load_rules(args.rule_dirs, args.no_builtin);
  if (!catalog.ok()) {
    err << "wi-doctor: cannot load rules:\n" << catalog.error().message << "\n";
    return kExitUsage;
  }
  std::ifstream in(args.path, std::ios::binary);
  if (!in) {
    err << "wi-doctor: cannot read " << args.path << "\n";
    return kExitUsage;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto j = nlohmann::json::parse(ss.str(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    err << "wi-doctor: " << args.path << " is not JSON\n";
    return kExitUsage;
  }
  auto report = report_from_json(j);
  if (!report.ok()) {
    err << "wi-doctor: " << args.path << ": " << report.error().message << "\n";
    return kExitUsage;
  }
  Status st = write_outputs(*report, *outputs, args.color, rule_docs(*catalog), out);
  if (!st.ok()) {
    err << "wi-doctor: " << st.error().message << "\n";
    return kExitUsage;
  }
  return exit_code_for(
      *report, ExitPolicy{parse_fail_on(args.fail_on), args.fail_on_incomplete, args.exit_zero});
}

}  // namespace wid
