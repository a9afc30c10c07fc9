// `wi-doctor check` (a live health check: collect, then analyze in memory) and
// `wi-doctor collect FILE.tar.gz` (the same evidence, redacted, saved as a bundle).
#include <chrono>
#include <cstdlib>
#include <iostream>

#include "analyzer/cli/commands.h"
#include "analyzer/cli/exit_codes.h"
#include "analyzer/cli/live_progress.h"
#include "collectors/azure/azure_collector.h"
#include "collectors/azure/token_exchange.h"
#include "collectors/bundle/bundle_reader.h"
#include "collectors/bundle/bundle_writer.h"
#include "collectors/http/http_client.h"
#include "collectors/kube/kube_collector.h"
#include "collectors/kube/kubeconfig.h"
#include "collectors/live/live_bundle.h"
#include "collectors/live/pseudonymize.h"
#include "collectors/oidc/issuer_fetch.h"
#include "collectors/parse/parse_issuer_fetch.h"

namespace wid {
namespace {

// "90", "90s", "20m", "1h" as seconds; nullopt when malformed.
std::optional<long> parse_seconds(const std::string& s) {
  if (s.empty()) return std::nullopt;
  size_t digits = 0;
  while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
  if (digits == 0 || digits > 9) return std::nullopt;
  const long n = std::stol(s.substr(0, digits));
  const std::string unit = s.substr(digits);
  if (unit.empty() || unit == "s") return n;
  if (unit == "m") return n * 60;
  if (unit == "h") return n * 3600;
  return std::nullopt;
}

struct LiveRun {
  LiveBundle bundle;
  std::string context;
};

Result<long> seconds_option(const std::string& name, const std::string& value) {
  auto v = parse_seconds(value);
  if (!v || *v <= 0)
    return make_error(ErrorCode::kInvalidArgument,
                      name + " " + value + " is not a duration (e.g. 90s, 20m, 1h)");
  return *v;
}

// Azure after the cluster: what to read (client IDs, subscription, tenant) comes from the typed
// records of what the cluster collection saved, read by the same ingestion as everything else.
void read_azure(const LiveArgs& a, const KubeClient& client, const std::vector<std::string>& trust,
                const KubeRequestOptions& ko, LiveBundle& bundle) {
  EvidenceStore kube;
  read_memory_files(bundle.files(), kube);
  const char* env_subscription = std::getenv("AZURE_SUBSCRIPTION_ID");
  const AzureTargets targets =
      azure_targets(kube, env_subscription ? env_subscription : "", a.namespace_);
  AzureCollectOptions ao;
  ao.no_azure = a.no_azure;
  ao.token_flag = a.azure_token;
  ao.endpoints = *azure_endpoints(a.azure_cloud, a.arm_endpoint, a.authority_host);
  ao.extra_ca_pem = trust;
  ao.connect_to = a.connect_to;
  ao.request_timeout_ms = ko.request_timeout_ms;
  ao.deadline = ko.deadline;
  const AzureCollectResult azure = collect_azure(ao, targets, bundle);
  if (!a.exchange) return;
  if (a.no_azure) {
    bundle.add_status(CollectorTimer("azure:exchange")
                          .finish(CollectorState::kSkipped, "", "--no-azure was given"));
    return;
  }
  ExchangeOptions eo;
  eo.endpoints = ao.endpoints;
  eo.tenant = azure.tenant;
  eo.extra_ca_pem = trust;
  eo.connect_to = a.connect_to;
  eo.request_timeout_ms = ko.request_timeout_ms;
  exchange_tokens(client, targets.exchanges, eo, bundle);
}

// Everything a live run reads, in the order the reads depend on each other.
Result<LiveRun> run_live(const LiveArgs& a, bool quiet, std::ostream& err) {
  auto since = seconds_option("--since", a.since);
  if (!since) return since.error();
  auto request_timeout = seconds_option("--request-timeout", a.request_timeout);
  if (!request_timeout) return request_timeout.error();
  auto timeout = seconds_option("--timeout", a.timeout);
  if (!timeout) return timeout.error();
  if (auto endpoints = azure_endpoints(a.azure_cloud, a.arm_endpoint, a.authority_host); !endpoints)
    return endpoints.error();
  auto trust = extra_trust_from(a.ca_files);
  if (!trust) return make_error(ErrorCode::kInvalidArgument, trust.error().message);
  auto config = load_kubeconfig({a.kubeconfig, a.context});
  if (!config) return config.error();
  if (Status st = run_exec_plugin(*config); !st.ok())
    return make_error(ErrorCode::kInvalidArgument, st.error().message);

  LiveRun run;
  run.context = config->context;
  LiveProgress progress(err, !quiet);
  progress.line("wi-doctor: context " + config->context + " (" + config->server + ")");
  // With --pseudonymize the lines wait until the IDs in collector errors are mapped.
  if (!a.pseudonymize)
    run.bundle.on_status([&progress](const CollectorStatus& c) { progress.collector(c); });
  KubeRequestOptions ko;
  ko.request_timeout_ms = *request_timeout * 1000;
  ko.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(*timeout);
  ko.connect_to = a.connect_to;
  KubeClient client(*config, ko);
  KubeCollectOptions kc;
  kc.namespace_ = a.namespace_;
  kc.since_seconds = static_cast<int>(*since);
  if (a.tail >= 0) kc.tail_lines = a.tail;
  kc.mint_tokens = a.mint_tokens || a.exchange;
  kc.parallel = a.parallel;
  const KubeCollectResult kube = collect_kube(client, kc, run.bundle);

  IssuerFetchOptions io;
  io.allow_private = a.allow_private_issuer;
  io.extra_ca_pem = *trust;
  io.connect_to = a.connect_to;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        ko.deadline - std::chrono::steady_clock::now())
                        .count();
  io.timeout_ms = std::max<long>(1, std::min<long>(ko.request_timeout_ms, left));
  fetch_public_issuer(kube.issuer, io, run.bundle);

  read_azure(a, client, *trust, ko, run.bundle);
  run.bundle.on_status(nullptr);  // progress ends with this function
  if (a.pseudonymize) {
    Pseudonymizer pseudonyms;
    pseudonymize_bundle(run.bundle, pseudonyms);
    for (const CollectorStatus& c : run.bundle.collectors()) progress.collector(c);
  }
  return run;
}

}  // namespace

int cmd_check(const LiveArgs& args, std::ostream& out, std::ostream& err) {
  return analyze_evidence(
      args.report, ReportMode::kLive,
      [&](EvidenceStore& store,
          const IngestOptions& ingest) -> Result<std::vector<CollectorStatus>> {
        auto run = run_live(args, args.report.quiet, err);
        if (!run) return run.error();
        read_memory_files(run->bundle.files(), store, ingest);
        return run->bundle.collectors();
      },
      out, err);
}

int cmd_collect(const LiveArgs& args, std::ostream&, std::ostream& err) {
  auto run = run_live(args, args.report.quiet, err);
  if (!run) {
    err << "wi-doctor: " << run.error().to_string() << "\n";
    return kExitUsage;
  }
  nlohmann::json redactions = nlohmann::json::object();
  for (const auto& [kind, n] : run->bundle.redactions().by_kind) redactions[kind] = n;
  const nlohmann::json manifest = {
      {"schemaVersion", kBundleSchemaVersion},
      {"tool", "wi-doctor"},
      {"version", tool_version()},
      {"time", args.report.now.empty() ? clock_now_rfc3339() : args.report.now},
      {"context", run->context},
      {"collectors", collectors_to_json(run->bundle.collectors())},
      {"redactions", redactions},
  };
  if (Status st = write_bundle(args.bundle_path, run->bundle.files(), manifest); !st.ok()) {
    err << "wi-doctor: " << st.error().message << "\n";
    return kExitUsage;
  }
  if (!args.report.quiet)
    err << "wi-doctor: wrote " << args.bundle_path << " (" << run->bundle.files().size() + 1
        << " files)\n";
  bool failed = false;
  for (const CollectorStatus& c : run->bundle.collectors())
    failed |= c.status == CollectorState::kFailed;
  return failed && args.report.fail_on_incomplete ? kExitIncomplete : kExitOk;
}

}  // namespace wid
