// On saved documents: the `jwks_uri` Entra follows from the public discovery document must be
// an https URL it can reach. The usual breakages are a script that appends "openid/v1/jwks" to an
// issuer lacking its trailing slash (CAPZ kind-with-registry.sh: "...netopenid/v1/jwks"), the
// API server's own document uploaded verbatim (jwks_uri on the node's private address), and an
// http or unrendered ${VAR} value. --service-account-jwks-uri sets the same field in the API
// server's document and is held to the same grammar.
#include <cstdio>

#include "rules/checks/checks.h"
#include "rules/checks/issuer_util.h"

namespace wid {
using namespace iss;
namespace {

constexpr const char* kMalformed = "JWKS_URI_MALFORMED";

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Entra fetches from the internet: loopback, link-local, RFC 1918 and cluster DNS names are not
// reachable from it.
bool is_public_host(const std::string& host) {
  if (host.empty() || host == "localhost" || host.find('.') == std::string::npos) return false;
  for (std::string_view s : {".svc", ".local", ".internal", ".localhost"})
    if (ends_with(host, s)) return false;
  if (host.front() == '[')
    return !(host == "[::1]" || host.rfind("[fc", 0) == 0 || host.rfind("[fd", 0) == 0);
  int a = 0, b = 0;
  if (std::sscanf(host.c_str(), "%d.%d.", &a, &b) == 2 &&
      host.find_first_not_of("0123456789.") == std::string::npos) {
    return !(a == 10 || a == 127 || (a == 169 && b == 254) || (a == 172 && b >= 16 && b <= 31) ||
             (a == 192 && b == 168));
  }
  return true;
}

// Why Entra could not use `uri` as the JWKS location of `issuer`; "" when it can. `difference`
// names how it differs from the expected URL.
std::string uri_problem(const std::string& uri, const std::string& issuer, Difference& difference) {
  difference = Difference::kOther;
  if (trim(uri).empty()) return "it is empty";
  const std::string var = unresolved_variable(uri);
  if (!var.empty()) return "it holds the unresolved variable " + var;
  if (trim(uri) != uri) {
    difference = Difference::kWhitespace;
    return "it has leading or trailing whitespace";
  }
  UrlParts u;
  if (!split_url(uri, u)) return "it is not a URL";
  if (u.scheme != "https") {
    difference = Difference::kScheme;
    return "it uses " + u.scheme + ", not https";
  }
  std::string bare = issuer;
  while (!bare.empty() && bare.back() == '/') bare.pop_back();
  if (!bare.empty() && uri.size() > bare.size() && uri.compare(0, bare.size(), bare) == 0 &&
      uri[bare.size()] != '/') {
    difference = Difference::kTrailingSlash;
    return "it was built by appending \"" + uri.substr(bare.size()) +
           "\" to the issuer without its trailing slash";
  }
  if (u.has_query || u.has_fragment) return "it has a query or fragment";
  if (!is_public_host(u.host)) return "its host " + u.host + " is not reachable from the internet";
  difference = Difference::kNone;
  return "";
}

void judge(const std::string& uri, const std::string& issuer, const SourceRef& source,
           const std::string& origin, CheckRun& run) {
  const std::string expected =
      issuer.empty() ? "https://<ISSUER_HOST>/openid/v1/jwks" : jwks_url_of(issuer);
  const std::string subject = trim(uri).empty() ? discovery_url_of(issuer) : uri;
  Difference diff = Difference::kNone;
  const std::string problem = uri_problem(uri, issuer, diff);
  if (problem.empty()) {
    auto& r = run.add(kMalformed, FindingStatus::kPass, subject);
    UrlParts u, iss;
    const bool other_host = split_url(uri, u) && split_url(issuer, iss) && u.host != iss.host;
    r.detail = "The " + origin + " " + uri + " is an https URL on a public host" +
               (other_host ? " (not the issuer's host " + iss.host + ", which is allowed)." : ".");
    r.evidence.push_back(evidence_at(source, uri, expected));
    return;
  }
  auto& r = run.add(kMalformed, FindingStatus::kFail, subject);
  r.values = {{"jwks_uri", uri},
              {"expected_jwks_uri", expected},
              {"issuer", issuer},
              {"reason", problem},
              {"origin", origin}};
  BlobLocation blob = blob_location(issuer);
  if (!blob.account.empty()) {
    r.values["storage_account"] = blob.account;
    r.values["container"] = blob.container;
  }
  r.key_values = {{"jwks_uri", uri}, {"issuer", issuer}};
  r.evidence.push_back(evidence_at(source, uri, expected, diff));
  r.evidence.back().locator += (r.evidence.back().locator.empty() ? "" : ", ") + origin;
}

}  // namespace

void check_jwks_uri_well_formed(const CheckContext& ctx, CheckRun& run) {
  const Sourced signing = signing_issuer(ctx);
  bool looked = false;
  for (const OidcDiscovery* d : public_discoveries(ctx)) {
    looked = true;
    judge(d->jwks_uri, d->issuer.empty() ? signing.value : d->issuer, d->source,
          "discovery jwks_uri", run);
  }
  for (const ApiServerConfig& a : ctx.store.apiservers) {
    if (a.jwks_uri.empty()) continue;
    looked = true;
    judge(a.jwks_uri, a.issuers.empty() ? signing.value : a.issuers[0], a.source,
          "--service-account-jwks-uri", run);
  }
  if (looked) return;
  const std::string cmd =
      "curl -fsS " +
      (signing.value.empty() ? std::string("<ISSUER>/.well-known/openid-configuration")
                             : discovery_url_of(signing.value)) +
      " -o openid-configuration.json";
  run.needs.push_back(cmd);
  // Entra could not read the issuer's metadata: the jwks_uri is one of the suspects.
  if (has_symptom(ctx, {"AADSTS90061"}) && !signing.value.empty()) {
    auto& r = run.add(kMalformed, FindingStatus::kUnknown, discovery_url_of(signing.value));
    r.needs = {cmd};
    r.detail = "Entra could not read the metadata of " + signing.value +
               ", and no copy of its public discovery document was given to check jwks_uri.";
  }
}

// Reads through signing_issuer.
const CheckDef kJwksUriWellFormedCheck{
    "jwks_uri_well_formed",
    {"JWKS_URI_MALFORMED"},
    {{kAnyRule, "issuer"}},
    {"container", "expected_jwks_uri", "issuer", "jwks_uri", "origin", "reason", "storage_account"},
    check_jwks_uri_well_formed,
};

}  // namespace wid
