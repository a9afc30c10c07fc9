#include "collectors/azure/token_exchange.h"

#include <nlohmann/json.hpp>

#include "analyzer/model/json_path.h"
#include "collectors/azure/arm_client.h"
#include "collectors/http/http_client.h"
#include "collectors/kube/kube_collector.h"

namespace wid {
namespace {

using Json = nlohmann::json;

Result<std::string> mint(const KubeClient& kube, const ExchangeTarget& t) {
  const std::string body =
      Json{{"apiVersion", "authentication.k8s.io/v1"},
           {"kind", "TokenRequest"},
           {"spec",
            {{"audiences", {kTokenExchangeAudience}}, {"expirationSeconds", kMintedTokenSeconds}}}}
          .dump();
  const std::string path =
      "/api/v1/namespaces/" + t.namespace_ + "/serviceaccounts/" + t.service_account + "/token";
  KubeFailure failure;
  auto answer = kube.post(path, body, &failure);
  if (!answer)
    return make_error(ErrorCode::kUnreadable, "TokenRequest for " + t.namespace_ + "/" +
                                                  t.service_account + ": " + failure.error);
  const Json j = Json::parse(*answer, nullptr, false);
  std::string token = j.is_object() ? string_at(j, {"status", "token"}) : "";
  if (token.empty())
    return make_error(ErrorCode::kParse, "TokenRequest for " + t.namespace_ + "/" +
                                             t.service_account + ": no status.token");
  return token;
}

std::string form(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) out += (out.empty() ? "" : "&") + k + "=" + url_escape(v);
  return out;
}

// One exchange: the answer's body (an error envelope or a token answer), or why none came back.
Result<std::string> exchange(const std::string& assertion, const ExchangeTarget& t,
                             const std::string& tenant, const ExchangeOptions& o) {
  HttpRequest req;
  req.url = o.endpoints.authority + "/" + tenant + "/oauth2/v2.0/token";
  req.method = "POST";
  req.https_only = true;
  req.refuse_private = !o.endpoints.authority_explicit;
  req.no_proxy = o.endpoints.authority_explicit;
  req.private_hint = "Entra is on the public internet; --authority-host names another endpoint";
  req.timeout_ms = o.request_timeout_ms;
  req.connect_to = o.connect_to;
  req.trust.extra_ca_pem = o.extra_ca_pem;
  req.headers = {"Accept: application/json", "Content-Type: application/x-www-form-urlencoded"};
  req.body = form({{"client_id", t.client_id},
                   {"grant_type", "client_credentials"},
                   {"client_assertion_type", kJwtBearerAssertionType},
                   {"client_assertion", assertion},
                   {"scope", o.endpoints.scope}});
  auto r = http_fetch(req);
  if (!r) return r.error();
  return std::move(r->body);
}

}  // namespace

std::string exchange_answer_to_save(const std::string& body) {
  Json j = Json::parse(body, nullptr, false);
  if (!j.is_object()) return body;
  for (const char* key : {"access_token", "id_token", "refresh_token"}) j.erase(key);
  return j.dump(2) + "\n";
}

void exchange_tokens(const KubeClient& kube, const std::vector<ExchangeTarget>& targets,
                     const ExchangeOptions& o, LiveBundle& bundle) {
  CollectorTimer timer("azure:exchange");
  std::string errors;
  auto fail = [&](const std::string& e) { errors += (errors.empty() ? "" : "; ") + e; };
  for (const ExchangeTarget& t : targets) {
    const std::string tenant = t.tenant.empty() ? o.tenant : t.tenant;
    if (tenant.empty()) {
      fail(t.namespace_ + "/" + t.service_account +
           ": no tenant (AzureClusterIdentity spec.tenantID, the azure.workload.identity/"
           "tenant-id annotation, or an ARM token's tid)");
      continue;
    }
    auto assertion = mint(kube, t);
    if (!assertion) {
      fail(assertion.error().message);
      continue;
    }
    auto answer = exchange(*assertion, t, tenant, o);
    assertion->assign(assertion->size(), '\0');
    if (!answer) {
      fail(answer.error().message);
      continue;
    }
    const std::string body = exchange_answer_to_save(*answer);
    answer->assign(answer->size(), '\0');
    bundle.add("azure/exchange/" + t.namespace_ + "/" + t.service_account + ".json", body,
               o.endpoints.authority + "/" + tenant + "/oauth2/v2.0/token");
  }
  if (targets.empty()) {
    bundle.add_status(timer.finish(CollectorState::kSkipped, "",
                                   "a service account that uses an identity (client-id "
                                   "annotation or capz-manager with an AzureClusterIdentity)"));
    return;
  }
  bundle.add_status(errors.empty() ? timer.finish(CollectorState::kCollected)
                                   : timer.finish(CollectorState::kFailed, errors));
}

}  // namespace wid
