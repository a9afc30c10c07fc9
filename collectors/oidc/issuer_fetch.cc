#include "collectors/oidc/issuer_fetch.h"

#include <nlohmann/json.hpp>

#include "analyzer/model/json_path.h"
#include "collectors/http/http_client.h"
#include "collectors/parse/parse_issuer_fetch.h"

namespace wid {
namespace {

// One document, fetched; the request's outcome is recorded whatever happens.
std::optional<std::string> fetch_one(const std::string& what, const std::string& url,
                                     const IssuerFetchOptions& o, IssuerFetch& record) {
  HttpRequest req;
  req.url = url;
  req.https_only = true;
  req.max_redirects = http_limits::kMaxIssuerRedirects;
  req.refuse_private = !o.allow_private;
  req.timeout_ms = o.timeout_ms;
  req.max_body = oidc_limits::kMaxDocumentBytes;
  req.connect_to = o.connect_to;
  req.trust.extra_ca_pem = o.extra_ca_pem;
  req.headers.push_back("Accept: application/json");
  IssuerRequest q;
  q.what = what;
  q.url = url;
  std::optional<std::string> body;
  if (url.rfind("https://", 0) != 0) {
    q.error = "not an https URL: Entra fetches the issuer's documents over https only";
  } else if (auto r = http_fetch(req); !r) {
    q.error = r.error().message;
  } else {
    q.status = r->status;
    q.content_type = r->content_type;
    q.address = r->primary_ip;
    if (r->status >= 200 && r->status < 300) body = std::move(r->body);
  }
  record.requests.push_back(std::move(q));
  return body;
}

}  // namespace

void fetch_public_issuer(const std::string& issuer, const IssuerFetchOptions& options,
                         LiveBundle& bundle) {
  CollectorTimer timer("issuer");
  if (issuer.empty()) {
    bundle.add_status(timer.finish(CollectorState::kSkipped, "",
                                   "the cluster's issuer (the kube-apiserver pod in kube-system "
                                   "or the API server's discovery document)"));
    return;
  }
  IssuerFetch record;
  record.issuer = issuer;
  std::string base = issuer;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const std::string discovery_url = base + "/.well-known/openid-configuration";
  if (auto doc = fetch_one("discovery", discovery_url, options, record)) {
    bundle.add("issuer/openid-configuration.json", *doc, discovery_url);
    auto j = nlohmann::json::parse(*doc, nullptr, false);
    const std::string jwks_uri = j.is_object() ? string_at(j, {"jwks_uri"}) : "";
    if (!jwks_uri.empty()) {
      if (auto jwks = fetch_one("jwks", jwks_uri, options, record))
        bundle.add("issuer/jwks.json", *jwks, jwks_uri);
    }
  }
  bundle.add("issuer/fetch.json", issuer_fetch_to_json(record).dump(2) + "\n", "");
  bundle.add_status(timer.finish(CollectorState::kCollected));
}

}  // namespace wid
