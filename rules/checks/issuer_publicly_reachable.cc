// On a live run's issuer fetch (issuer/fetch.json): Entra reads the issuer's discovery document
// and JWKS anonymously over https from the internet, so a request that failed, was refused (a
// private address, a redirect loop, http) or answered other than 2xx is a failure Entra meets too
// (AADSTS90061 / AADSTS50166). The fetch is evidence only a live run has; a saved bundle carries
// it in issuer/fetch.json.
#include "rules/checks/checks.h"
#include "rules/checks/compare.h"
#include "rules/checks/issuer_util.h"

namespace wid {
using namespace iss;
namespace {

constexpr const char* kRule = "OIDC_DISCOVERY_UNREACHABLE";

// Why Entra could not use this answer; "" when it could.
std::string request_problem(const IssuerRequest& q) {
  if (!q.error.empty()) return q.error;
  if (q.status < 200 || q.status >= 300)
    return "the server answered HTTP " + std::to_string(q.status);
  return "";
}

void judge(const IssuerFetch& f, CheckRun& run) {
  for (const IssuerRequest& q : f.requests) {
    const std::string problem = request_problem(q);
    if (problem.empty()) continue;
    auto& r = run.add(kRule, FindingStatus::kFail, f.issuer);
    r.values = {{"url", q.url}, {"reason", problem}};
    const BlobLocation blob = blob_location(f.issuer);
    if (!blob.account.empty()) r.values["storage_account"] = blob.account;
    r.key_values = {{"url", q.url}};
    r.evidence.push_back(evidence_at(f.source, q.what + " " + q.url + ": " + problem,
                                     "HTTP 200 over https from a public address"));
    return;
  }
  auto& r = run.add(kRule, FindingStatus::kPass, f.issuer);
  std::string seen;
  for (const IssuerRequest& q : f.requests)
    seen += (seen.empty() ? "" : ", ") + q.what + " (HTTP " + std::to_string(q.status) +
            (q.address.empty() ? "" : " from " + q.address) + ")";
  r.detail = "The issuer's documents were read over https as Entra reads them: " + seen + ".";
}

}  // namespace

void check_issuer_publicly_reachable(const CheckContext& ctx, CheckRun& run) {
  for (const IssuerFetch& f : ctx.store.issuer_fetches) judge(f, run);
  if (!ctx.store.issuer_fetches.empty()) return;
  // Only a live run fetches the issuer as Entra does (issuer/fetch.json).
  run.needs.push_back("wi-doctor check --no-azure");
}

const CheckDef kIssuerPubliclyReachableCheck{
    "issuer_publicly_reachable",          {"OIDC_DISCOVERY_UNREACHABLE"},  {},
    {"reason", "storage_account", "url"}, check_issuer_publicly_reachable,
};

}  // namespace wid
