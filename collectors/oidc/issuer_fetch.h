// The public issuer, fetched as Entra fetches it from outside the cluster:
// {issuer}/.well-known/openid-configuration (a trailing '/' of the issuer stripped first), then
// its jwks_uri; https only, at most 3 redirects, size and time limits, and loopback, private and
// link-local addresses refused by the address actually connected to. The documents are saved as
// issuer/openid-configuration.json and issuer/jwks.json (the public issuer's copies, so labelled
// by where they are kept), and what happened as issuer/fetch.json.
#pragma once

#include <string>
#include <vector>

#include "collectors/live/live_bundle.h"

namespace wid {

namespace oidc_limits {
// A discovery document is under 2 KiB and a JWKS with a few keys under 10 KiB.
constexpr size_t kMaxDocumentBytes = 1024 * 1024;
}  // namespace oidc_limits

struct IssuerFetchOptions {
  bool allow_private = false;  // --allow-private-issuer
  long timeout_ms = 20000;
  std::vector<std::string> extra_ca_pem;
  std::vector<std::string> connect_to;
};

// issuer: the management cluster's issuer; "" records a skipped collector.
void fetch_public_issuer(const std::string& issuer, const IssuerFetchOptions& options,
                         LiveBundle& bundle);

}  // namespace wid
