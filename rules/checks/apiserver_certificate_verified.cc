// On a live run's connection to the API server (cluster/connection.json): a kubeconfig cluster
// with insecure-skip-tls-verify: true is honoured, as kubectl honours it, but then nothing proves
// the evidence came from the cluster it names: any host on the path could have answered with its
// own issuer, keys and service accounts. The findings of such a run rest on unverified answers.
#include "rules/checks/checks.h"
#include "rules/checks/compare.h"

namespace wid {
namespace {

constexpr const char* kRule = "KUBECONFIG_INSECURE_SKIP_TLS_VERIFY";

void judge(const KubeConnection& c, CheckRun& run) {
  const std::string subject = c.context.empty() ? c.server : "context/" + c.context;
  if (!c.insecure_skip_tls_verify) {
    auto& pass = run.add(kRule, FindingStatus::kPass, subject);
    pass.detail = "The API server " + c.server + " was reached with its certificate verified.";
    return;
  }
  auto& r = run.add(kRule, FindingStatus::kFail, subject);
  r.values = {{"server", c.server}, {"context", c.context}};
  r.key_values = {{"server", c.server}};
  r.evidence.push_back(evidence_at(c.source, "insecure-skip-tls-verify: true",
                                   "the cluster's certificate-authority", Difference::kOther));
}

}  // namespace

void check_apiserver_certificate_verified(const CheckContext& ctx, CheckRun& run) {
  for (const KubeConnection& c : ctx.store.kube_connections) judge(c, run);
  if (!ctx.store.kube_connections.empty()) return;
  // Only a live run connects to the API server (cluster/connection.json).
  run.needs.push_back("wi-doctor check");
}

const CheckDef kApiserverCertificateVerifiedCheck{
    "apiserver_certificate_verified",
    {"KUBECONFIG_INSECURE_SKIP_TLS_VERIFY"},
    {},
    {"context", "server"},
    check_apiserver_certificate_verified,
};

}  // namespace wid
