#include "rules/checks/issuer_util.h"

#include <algorithm>

namespace wid {
namespace iss {

std::string basename_of(std::string_view path) {
  size_t slash = path.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

bool has_symptom(const CheckContext& ctx, const std::vector<std::string_view>& rule_ids) {
  return std::any_of(ctx.symptoms.begin(), ctx.symptoms.end(), [&](const Finding& f) {
    return std::find(rule_ids.begin(), rule_ids.end(), f.rule_id) != rule_ids.end();
  });
}

Sourced signing_issuer(const CheckContext& ctx) {
  // A KubeadmControlPlane in a management cluster describes a workload cluster's API server: the
  // cluster's own flags and discovery document come first.
  auto from_flags = [&](bool control_planes) -> Sourced {
    for (auto& a : ctx.store.apiservers)
      if (!a.issuers.empty() && (a.origin == kKubeadmControlPlaneOrigin) == control_planes)
        return {a.issuers[0], a.source, "--service-account-issuer"};
    return {};
  };
  if (Sourced own = from_flags(false); !own.value.empty()) return own;
  for (auto& d : ctx.store.discoveries)
    if (d.served_by == "cluster" && !d.issuer.empty())
      return {d.issuer, d.source, "cluster discovery issuer"};
  if (Sourced planned = from_flags(true); !planned.value.empty()) return planned;
  for (auto& t : ctx.store.tokens)
    if (t.claims.is_object() && t.claims.contains("iss") && t.claims["iss"].is_string())
      return {t.claims["iss"].get<std::string>(), t.source, "token iss"};
  for (auto* d : public_discoveries(ctx))
    if (!d->issuer.empty()) return {d->issuer, d->source, "public discovery issuer"};
  for (auto& c : captured(ctx, "issuer"))
    return {c.value, c.finding->first.value_or(SourceRef{}), c.finding->rule_id + " issuer"};
  return {};
}

namespace {

template <typename T>
std::vector<const T*> public_copies(const std::vector<T>& all) {
  std::vector<const T*> out;
  for (auto& x : all)
    if (x.served_by == "issuer") out.push_back(&x);
  if (!out.empty()) return out;
  for (auto& x : all)
    if (x.served_by == "unknown") out.push_back(&x);
  return out;
}

bool named(const PemKey& k, const std::vector<std::string>& files) {
  const std::string base = basename_of(k.source.path);
  return std::any_of(files.begin(), files.end(),
                     [&](const std::string& f) { return !f.empty() && basename_of(f) == base; });
}

}  // namespace

std::vector<const OidcDiscovery*> public_discoveries(const CheckContext& ctx) {
  return public_copies(ctx.store.discoveries);
}

std::vector<const Jwks*> public_jwks(const CheckContext& ctx) {
  return public_copies(ctx.store.jwks);
}

const PemKey* signing_key(const CheckContext& ctx) {
  std::vector<std::string> files;
  for (auto& a : ctx.store.apiservers)
    if (!a.signing_key_file.empty()) files.push_back(a.signing_key_file);
  if (files.empty()) files.push_back("sa.key");
  const PemKey* only = nullptr;
  int privates = 0;
  for (auto& k : ctx.store.keys) {
    if (!k.is_private || k.kid.empty()) continue;
    if (named(k, files)) return &k;
    ++privates;
    only = &k;
  }
  return privates == 1 ? only : nullptr;
}

std::vector<const PemKey*> verification_keys(const CheckContext& ctx) {
  std::vector<std::string> files;
  for (auto& a : ctx.store.apiservers)
    files.insert(files.end(), a.key_files.begin(), a.key_files.end());
  if (files.empty()) files.push_back("sa.pub");
  std::vector<const PemKey*> out;
  for (auto& k : ctx.store.keys)
    if (!k.kid.empty() && named(k, files)) out.push_back(&k);
  return out;
}

bool split_url(std::string_view url, UrlParts& out) {
  out = UrlParts{};
  size_t sep = url.find("://");
  if (sep == std::string_view::npos || sep == 0) return false;
  out.scheme = to_lower_ascii(url.substr(0, sep));
  std::string_view rest = url.substr(sep + 3);
  size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  if (authority.empty()) return false;
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority = authority.substr(at + 1);
  size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos)
    authority = authority.substr(0, colon);
  out.host = to_lower_ascii(authority);
  if (end == std::string_view::npos) return true;
  std::string_view tail = rest.substr(end);
  size_t q = tail.find('?'), h = tail.find('#');
  out.path = std::string(tail.substr(0, std::min(q, h)));
  out.has_query = q != std::string_view::npos && (h == std::string_view::npos || q < h);
  out.has_fragment = h != std::string_view::npos;
  return true;
}

std::string unresolved_variable(std::string_view value) {
  size_t b = value.find("${");
  if (b == std::string_view::npos) return "";
  // "${VAR:-${OTHER}}" nests: take the braces as they balance.
  int depth = 0;
  for (size_t i = b; i < value.size(); ++i) {
    if (value[i] == '{') ++depth;
    if (value[i] == '}' && --depth == 0) return std::string(value.substr(b, i - b + 1));
  }
  return std::string(value.substr(b));
}

std::string variable_default(std::string_view var) {
  size_t d = var.find(":-");
  if (d == std::string_view::npos) d = var.find('-');
  if (d == std::string_view::npos || var.size() < 2 || var.back() != '}') return "";
  size_t from = d + (var[d] == ':' ? 2 : 1);
  return std::string(var.substr(from, var.size() - 1 - from));
}

namespace {
std::string without_trailing_slashes(std::string_view s) {
  while (!s.empty() && s.back() == '/') s.remove_suffix(1);
  return std::string(s);
}
}  // namespace

std::string discovery_url_of(std::string_view issuer) {
  return without_trailing_slashes(issuer) + "/.well-known/openid-configuration";
}

std::string jwks_url_of(std::string_view issuer) {
  return without_trailing_slashes(issuer) + "/openid/v1/jwks";
}

BlobLocation blob_location(std::string_view issuer) {
  UrlParts u;
  if (!split_url(issuer, u)) return {};
  const std::string account = u.host.substr(0, u.host.find('.'));
  auto ends_with = [&](std::string_view suffix) {
    return u.host.size() > suffix.size() &&
           u.host.compare(u.host.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with(".blob.core.windows.net")) {
    std::string path = u.path.substr(u.path.find_first_not_of('/') == std::string::npos
                                         ? u.path.size()
                                         : u.path.find_first_not_of('/'));
    std::string container = path.substr(0, path.find('/'));
    if (container.empty()) return {};
    return {account, container};
  }
  // Static website: https://<account>.z<N>.web.core.windows.net/ serves the $web container.
  if (ends_with(".web.core.windows.net")) return {account, "$web"};
  return {};
}

}  // namespace iss
}  // namespace wid
