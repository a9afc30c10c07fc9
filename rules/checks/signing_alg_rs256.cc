// Entra accepts only RS256 assertions ("Only issuers that provide tokens signed using the
// RS256 algorithm are supported"). kube-apiserver picks the alg from the signing key's type
// (openidmetadata.go algorithmFromPublicKey: RSA -> RS256, P-256/384/521 -> ES256/384/512), so an
// EC service-account key makes every token, and every published key, unusable for federation.
#include "rules/checks/checks.h"
#include "rules/checks/issuer_util.h"

namespace wid {
using namespace iss;
namespace {

constexpr const char* kAlg = "SA_SIGNING_ALG_UNSUPPORTED";

}  // namespace

void check_signing_alg_rs256(const CheckContext& ctx, CheckRun& run) {
  const std::string issuer = signing_issuer(ctx).value;
  // With no token, flag or document the issuer is not known; the subject still says which hop.
  const std::string subject = issuer.empty() ? "service-account-issuer" : issuer;
  std::vector<EvidenceItem> bad, good;
  std::string bad_alg, bad_type;
  auto note = [&](bool ok, EvidenceItem e) { (ok ? good : bad).push_back(std::move(e)); };

  for (auto& t : ctx.store.tokens) {
    if (t.alg.empty()) continue;
    note(t.alg == "RS256", evidence_at(t.source, "alg " + t.alg, "alg RS256",
                                       t.alg == "RS256" ? Difference::kNone : Difference::kOther));
    if (t.alg != "RS256" && bad_alg.empty()) bad_alg = t.alg;
  }
  std::vector<const PemKey*> keys = verification_keys(ctx);
  if (const PemKey* k = signing_key(ctx)) keys.insert(keys.begin(), k);
  for (const PemKey* k : keys) {
    if (k->key_type.empty()) continue;
    note(k->key_type == "RSA",
         evidence_at(k->source, k->key_type + " key", "RSA key",
                     k->key_type == "RSA" ? Difference::kNone : Difference::kOther));
    if (k->key_type != "RSA" && bad_type.empty()) bad_type = k->key_type;
  }
  for (const Jwks* j : public_jwks(ctx)) {
    for (size_t i = 0; i < j->keys.size(); ++i) {
      const JsonWebKey& k = j->keys[i];
      const bool ok = k.kty == "RSA" && (k.alg.empty() || k.alg == "RS256");
      EvidenceItem e =
          evidence_at(j->source, "kty " + k.kty + (k.alg.empty() ? "" : ", alg " + k.alg),
                      "kty RSA, alg RS256", ok ? Difference::kNone : Difference::kOther);
      e.locator += (e.locator.empty() ? "" : ", ") + std::string("keys/") + std::to_string(i);
      note(ok, std::move(e));
      if (!ok && bad_alg.empty() && !k.alg.empty()) bad_alg = k.alg;
      if (!ok && bad_type.empty()) bad_type = k.kty;
    }
  }
  for (const OidcDiscovery* d : public_discoveries(ctx)) {
    if (d->signing_algs.empty()) continue;
    bool rs256 = false;
    std::string algs;
    for (auto& a : d->signing_algs) {
      rs256 = rs256 || a == "RS256";
      algs += (algs.empty() ? "" : ", ") + a;
    }
    note(rs256, evidence_at(d->source, "id_token_signing_alg_values_supported: " + algs, "RS256",
                            rs256 ? Difference::kNone : Difference::kOther));
    if (!rs256 && bad_alg.empty()) bad_alg = d->signing_algs.front();
  }

  if (bad.empty() && good.empty()) {
    const std::string cmd =
        "kubectl -n <NAMESPACE> create token <SERVICE_ACCOUNT> --audience "
        "api://AzureADTokenExchange > token.jwt";
    run.needs.push_back(cmd);
    if (has_symptom(ctx, {"AADSTS700027"})) {
      auto& r = run.add(kAlg, FindingStatus::kUnknown, subject);
      r.needs = {cmd};
      r.detail =
          "Entra could not verify the token's signature, and no token, signing key or JWKS "
          "was given to tell its algorithm.";
    }
    return;
  }
  if (bad.empty()) {
    auto& r = run.add(kAlg, FindingStatus::kPass, subject);
    r.detail = "Tokens, keys and published keys at hand are RSA / RS256.";
    r.evidence = std::move(good);
    return;
  }
  auto& r = run.add(kAlg, FindingStatus::kFail, subject);
  r.values["issuer"] = issuer;
  r.values["alg"] = bad_alg.empty() ? (bad_type == "EC" ? "ES256" : bad_type) : bad_alg;
  r.values["key_type"] = bad_type.empty() ? "EC" : bad_type;
  for (auto& a : ctx.store.apiservers)
    if (!a.signing_key_file.empty()) r.values["signing_key_file"] = a.signing_key_file;
  for (auto& a : ctx.store.apiservers)
    if (!a.key_files.empty()) r.values["key_file"] = a.key_files.front();
  r.key_values = {{"alg", r.values["alg"]}, {"key_type", r.values["key_type"]}};
  r.evidence = std::move(bad);
}

// Reads through signing_issuer.
const CheckDef kSigningAlgRs256Check{
    "signing_alg_rs256",     {"SA_SIGNING_ALG_UNSUPPORTED"},
    {{kAnyRule, "issuer"}},  {"alg", "issuer", "key_file", "key_type", "signing_key_file"},
    check_signing_alg_rs256,
};

}  // namespace wid
