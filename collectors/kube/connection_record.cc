#include "collectors/kube/connection_record.h"

#include "collectors/parse/parse_live_records.h"

namespace wid {

std::string proxy_without_credentials(const std::string& url) {
  const size_t scheme = url.find("://");
  const size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  const size_t end = url.find_first_of("/?#", start);
  const size_t at = url.rfind('@', end == std::string::npos ? url.size() : end);
  if (at == std::string::npos || at < start) return url;
  return url.substr(0, start) + url.substr(at + 1);
}

void save_connection(const KubeConfig& config, LiveBundle& bundle) {
  KubeConnection c;
  c.context = config.context;
  c.server = config.server;
  c.insecure_skip_tls_verify = config.insecure_skip_verify;
  c.proxy_url = proxy_without_credentials(config.proxy_url);
  bundle.add(kConnectionPath, kube_connection_to_json(c).dump(2) + "\n", "");
}

}  // namespace wid
