// The kubeconfig as kubectl reads it: --kubeconfig, else the KUBECONFIG list (merged, the first
// file to set a name or value wins), else ~/.kube/config, else the in-cluster service account;
// --context or current-context; the cluster's server, CA and insecure-skip-tls-verify; the user's
// client certificate and key, bearer token or tokenFile, or exec credential plugin. Relative file
// names resolve against the kubeconfig file that named them.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/model/result.h"

namespace wid {

struct ExecPlugin {
  std::string api_version;  // client.authentication.k8s.io/v1 or v1beta1
  std::string command;
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  std::string interactive_mode;  // Never | IfAvailable | Always
  std::string install_hint;
  std::string base_dir;  // a relative command resolves against the kubeconfig that named it
};

struct KubeConfig {
  std::string origin;  // the file(s) read, or "in-cluster"
  std::string context;
  std::string cluster;
  std::string user;
  std::string server;  // https://host:port, no trailing slash
  std::string ca_pem;
  bool insecure_skip_verify = false;
  std::string proxy_url;
  std::string client_cert_pem;
  std::string client_key_pem;
  std::string token;  // never printed or saved
  std::optional<ExecPlugin> exec;
};

struct KubeConfigOptions {
  std::string kubeconfig;  // --kubeconfig; "" = KUBECONFIG, then ~/.kube/config
  std::string context;     // --context; "" = current-context
};

// kInvalidArgument (exit 2): no kubeconfig, a missing context, cluster or user, unreadable CA or
// key files, CA data together with insecure-skip-tls-verify (client-go refuses it too).
Result<KubeConfig> load_kubeconfig(const KubeConfigOptions& options);

// Runs the exec plugin (stdin closed, KUBERNETES_EXEC_INFO set, never interactive) and fills
// token or client certificate/key from its ExecCredential. kNotFound names a missing binary.
Status run_exec_plugin(KubeConfig& config);

}  // namespace wid
