// Entra validates a token with the key its header `kid` names in the JWKS published at the
// issuer. Kubernetes derives that kid from the signing key itself (SHA-256 of the public key's
// SubjectPublicKeyInfo), so the kid of the key that signs (sa.key), the kid in the tokens and a
// kid in the public JWKS must all be one value. A JWKS that still lists only older kids was not
// republished after the key changed (AADSTS7000272); a key that is nowhere in it, or a published
// key that does not verify the token, means the API server signs with a key never published.
#include <set>

#include "rules/checks/checks.h"
#include "rules/checks/issuer_util.h"

namespace wid {
using namespace iss;
namespace {

constexpr const char* kStale = "JWKS_STALE_AFTER_KEY_ROTATION";
constexpr const char* kMismatch = "SA_SIGNING_KEY_MISMATCH";

std::string join(const std::set<std::string>& v) {
  std::string out;
  for (auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// The kid new tokens carry: the signing key's recomputed kid, else a token's header kid, else the
// kid Entra said it could not find.
Sourced current_kid(const CheckContext& ctx, const PemKey* key, const std::string& issuer) {
  if (key) return {key->kid, key->source, "recomputed kid of the signing key"};
  const ServiceAccountToken* best = nullptr;
  for (auto& t : ctx.store.tokens) {
    if (t.kid.empty()) continue;
    const bool current = t.claims.is_object() && t.claims.value("iss", nlohmann::json()) == issuer;
    if (!best || current) best = &t;
    if (current) break;
  }
  if (best) return {best->kid, best->source, "token header kid"};
  for (auto& c : captured(ctx, "kid", {"AADSTS7000272"}))
    if (!c.value.empty())
      return {c.value, c.finding->first.value_or(SourceRef{}), "AADSTS7000272 kid"};
  return {};
}

// The path the API server reads the public key with this kid from (its flag value, so the command
// runs on the node), else the key file seen in the bundle.
std::string public_key_file(const CheckContext& ctx, const std::string& kid) {
  for (const PemKey* k : verification_keys(ctx)) {
    if (k->kid != kid) continue;
    for (auto& a : ctx.store.apiservers)
      for (auto& f : a.key_files)
        if (basename_of(f) == basename_of(k->source.path)) return f;
    return k->source.path;
  }
  return "";
}

void fill_publish_values(const CheckContext& ctx, const std::string& issuer, CheckResult& r) {
  std::string jwks_url = jwks_url_of(issuer);
  for (const OidcDiscovery* d : public_discoveries(ctx))
    if (!d->jwks_uri.empty()) jwks_url = d->jwks_uri;
  r.values["issuer"] = issuer;
  r.values["jwks_url"] = jwks_url;
  BlobLocation blob = blob_location(issuer);
  UrlParts u;
  if (blob.account.empty() || !split_url(jwks_url, u)) return;
  std::string name = u.path.substr(std::min(u.path.size(), u.path.find_first_not_of('/')));
  if (blob.container != "$web" && name.rfind(blob.container + "/", 0) == 0)
    name = name.substr(blob.container.size() + 1);
  r.values["storage_account"] = blob.account;
  r.values["container"] = blob.container;
  r.values["jwks_blob"] = name;
}

}  // namespace

void check_token_kid_published(const CheckContext& ctx, CheckRun& run) {
  const std::string issuer = signing_issuer(ctx).value;
  // With no token, flag or document the issuer is not known; the subject still says which hop.
  const std::string subject = issuer.empty() ? "service-account-issuer" : issuer;
  const PemKey* key = signing_key(ctx);
  const Sourced kid = current_kid(ctx, key, issuer);
  const auto jwks = public_jwks(ctx);

  if (jwks.empty() || kid.value.empty()) {
    const std::string cmd =
        jwks.empty()
            ? "curl -fsS " +
                  (issuer.empty() ? std::string("<ISSUER>/openid/v1/jwks") : jwks_url_of(issuer)) +
                  " -o jwks.json"
            : "kubectl -n <NAMESPACE> create token <SERVICE_ACCOUNT> --audience "
              "api://AzureADTokenExchange > token.jwt";
    run.needs.push_back(cmd);
    // Entra said it could not find the key, or could not verify the signature: the JWKS is the
    // suspect, so the missing piece is a finding.
    for (auto [symptom, rule] : {std::pair{"AADSTS7000272", kStale}, {"AADSTS700027", kMismatch}}) {
      if (!has_symptom(ctx, {symptom})) continue;
      auto& r = run.add(rule, FindingStatus::kUnknown, subject);
      r.needs = {cmd};
      r.detail = std::string(symptom) + " names the issuer's published keys, but " +
                 (jwks.empty() ? "no copy of the JWKS served at the issuer URL was given."
                               : "neither the signing key (sa.key) nor a token was given.");
    }
    return;
  }

  std::set<std::string> published;
  for (const Jwks* j : jwks)
    for (auto& k : j->keys)
      if (!k.kid.empty()) published.insert(k.kid);
  const Jwks& where = *jwks.front();

  // The kid is published: the JWKS is current. It still has to be the key that signed.
  if (published.count(kid.value)) {
    auto& pass = run.add(kStale, FindingStatus::kPass, subject);
    pass.detail = "The public JWKS holds kid " + kid.value + " (" + kid.origin + ").";
    pass.evidence.push_back(evidence_at(where.source, join(published), kid.value));
    pass.key_values = {{"kid", kid.value}};
  } else if (!published.empty()) {
    auto& r = run.add(kStale, FindingStatus::kFail, subject);
    fill_publish_values(ctx, issuer, r);
    r.values["kid"] = kid.value;
    r.values["published_kids"] = join(published);
    const std::string pub = public_key_file(ctx, kid.value);
    if (!pub.empty()) r.values["public_key_file"] = pub;
    r.key_values = {{"kid", kid.value}, {"published_kids", join(published)}};
    r.evidence.push_back(evidence_at(where.source, join(published), kid.value, Difference::kOther));
    r.evidence.back().locator +=
        (r.evidence.back().locator.empty() ? "" : ", ") + std::string("keys[].kid");
    r.evidence.push_back(evidence_at(kid.source, kid.value));
    r.evidence.back().locator += (r.evidence.back().locator.empty() ? "" : ", ") + kid.origin;
    for (auto& t : ctx.store.tokens)
      if (!t.kid.empty() && t.source.path != kid.source.path)
        r.evidence.push_back(
            evidence_at(t.source, t.kid, kid.value,
                        t.kid == kid.value ? Difference::kNone : Difference::kOther));
    for (auto& c : captured(ctx, "kid", {"AADSTS7000272"}))
      if (!c.value.empty())
        r.evidence.push_back(evidence_at(c.finding->first.value_or(SourceRef{}), c.value, ""));
  }

  // Signed with a key that was never published: nothing published at all, a published kid whose
  // key does not verify the token, or --service-account-key-file without the signing key's half.
  bool mismatch = false;
  auto fail = [&](std::string detail) -> CheckResult& {
    mismatch = true;
    auto& r = run.add(kMismatch, FindingStatus::kFail, subject);
    fill_publish_values(ctx, issuer, r);
    r.values["kid"] = kid.value;
    r.values["published_kids"] = published.empty() ? "none" : join(published);
    std::string signing_file;
    for (auto& a : ctx.store.apiservers)
      if (!a.signing_key_file.empty()) signing_file = a.signing_key_file;
    if (signing_file.empty() && key) signing_file = key->source.path;
    if (!signing_file.empty()) r.values["signing_key_file"] = signing_file;
    r.key_values = {{"kid", kid.value}};
    r.detail = std::move(detail);
    return r;
  };
  if (published.empty()) {
    auto& r = fail("The public JWKS of " + subject +
                   " holds no key at all, while tokens are signed with kid " + kid.value + ".");
    r.evidence.push_back(evidence_at(where.source, "no keys", kid.value, Difference::kOther));
  }
  for (auto& t : ctx.store.tokens) {
    if (t.kid.empty() || !published.count(t.kid) || t.signature != "invalid") continue;
    auto& r = fail("The public JWKS publishes kid " + t.kid +
                   ", but that key does not verify the token's signature: the key behind the kid "
                   "was replaced, or the JWKS was written by hand.");
    r.evidence.push_back(
        evidence_at(t.source, "signature invalid", "verified by kid " + t.kid, Difference::kOther));
  }
  if (key) {
    const auto pubs = verification_keys(ctx);
    bool has_half = pubs.empty();
    for (const PemKey* p : pubs) has_half = has_half || p->kid == key->kid;
    if (!has_half) {
      auto& r = fail("--service-account-key-file holds no public half of the signing key (kid " +
                     key->kid +
                     "): the API server's own JWKS, and any JWKS generated from it, "
                     "lack the key that signs.");
      for (const PemKey* p : pubs)
        r.evidence.push_back(evidence_at(p->source, p->kid, key->kid, Difference::kOther));
    }
  }
  if (!mismatch && published.count(kid.value)) {
    auto& pass = run.add(kMismatch, FindingStatus::kPass, subject);
    pass.detail =
        "The key with kid " + kid.value + " is published and verifies the tokens at hand.";
    pass.evidence.push_back(evidence_at(kid.source, kid.value, kid.value));
  }
}

// Reads through signing_issuer.
const CheckDef kTokenKidPublishedCheck{
    "token_kid_published",
    {"JWKS_STALE_AFTER_KEY_ROTATION", "SA_SIGNING_KEY_MISMATCH"},
    {{"AADSTS7000272", "kid"}, {kAnyRule, "issuer"}},
    {"container", "issuer", "jwks_blob", "jwks_url", "kid", "public_key_file", "published_kids",
     "signing_key_file", "storage_account"},
    check_token_kid_published,
};

}  // namespace wid
