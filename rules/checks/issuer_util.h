// Shared helpers of the issuer, discovery, JWKS and signing-key checks: which
// issuer the cluster signs with, which copies of the OIDC documents Entra reads, which PEM is the
// service-account signing key, and the URL grammar kube-apiserver and Entra apply to issuers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/checks/compare.h"

namespace wid {
// Own namespace: helpers of other check groups live in wid:: too, and names like basename_of
// would collide at link time.
namespace iss {

// ApiServerConfig::origin of a KubeadmControlPlane's flags: in a management cluster, those of a
// workload cluster's API server.
inline constexpr const char* kKubeadmControlPlaneOrigin = "kubeadm-control-plane";

// The issuer new tokens carry, most authoritative first: the API server's first
// --service-account-issuer, the cluster's own discovery document (rendered from that flag), a
// KubeadmControlPlane's flag, a token's `iss`, the public discovery document, the issuer Entra
// echoed back. Empty when none.
Sourced signing_issuer(const CheckContext& ctx);

// The discovery documents and JWKS Entra reads: the copies saved from the public issuer URL, else
// loose copies of unknown origin when no issuer copy exists. The API server's own copies never
// count: Entra cannot reach them.
std::vector<const OidcDiscovery*> public_discoveries(const CheckContext& ctx);
std::vector<const Jwks*> public_jwks(const CheckContext& ctx);

// The service-account signing key (a private PEM): the file --service-account-signing-key-file
// names, else one called sa.key, else the only private key at hand. Null when none is known.
const PemKey* signing_key(const CheckContext& ctx);
// The verification keys --service-account-key-file names (sa.pub), matched by file name; with no
// API server config, public keys called sa.pub.
std::vector<const PemKey*> verification_keys(const CheckContext& ctx);

struct UrlParts {
  std::string scheme;  // lower-cased
  std::string host;    // lower-cased, without port
  std::string path;
  bool has_query = false;
  bool has_fragment = false;
};
// A minimal RFC 3986 split; false when there is no "scheme://host".
bool split_url(std::string_view url, UrlParts& out);

// The first "${...}" left by clusterctl/envsubst in value, "" when there is none.
std::string unresolved_variable(std::string_view value);
// The default of "${VAR:-default}", "" when there is none.
std::string variable_default(std::string_view var);

// Where Entra fetches the documents of an issuer: the issuer without trailing slashes plus the
// well-known path (kube-apiserver serves /openid/v1/jwks; azwi publishes the same path).
std::string discovery_url_of(std::string_view issuer);
std::string jwks_url_of(std::string_view issuer);

// "storage account" and "container" of a blob or static-website issuer, for exact upload
// commands; empty when the issuer is not hosted on Azure Storage.
struct BlobLocation {
  std::string account;
  std::string container;
};
BlobLocation blob_location(std::string_view issuer);

std::string basename_of(std::string_view path);
bool has_symptom(const CheckContext& ctx, const std::vector<std::string_view>& rule_ids);

}  // namespace iss
}  // namespace wid
