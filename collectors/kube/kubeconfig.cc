#include "collectors/kube/kubeconfig.h"

#include <openssl/evp.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace wid {
namespace {

namespace fs = std::filesystem;

// Where a pod finds its own service account (client-go rest.InClusterConfig).
constexpr const char* kInClusterDir = "/var/run/secrets/kubernetes.io/serviceaccount";

// YAML::Node's assignment is not noexcept, so neither is this implicit move; the map that holds
// it never relies on a no-throw move.
struct Named {  // NOLINT(bugprone-exception-escape)
  YAML::Node node;
  std::string dir;  // directory of the kubeconfig that defined it
};

struct Merged {
  std::string current_context;
  std::map<std::string, Named> clusters, users, contexts;
  std::vector<std::string> files;
};

Error config_error(const std::string& msg) { return make_error(ErrorCode::kInvalidArgument, msg); }

Result<std::string> read_file(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return config_error("cannot read " + what + " " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::optional<std::string> base64_decode(const std::string& in) {
  std::string text;
  for (char c : in)
    if (c != '\n' && c != '\r' && c != ' ') text += c;
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  size_t len = static_cast<size_t>(n);
  if (!text.empty() && text.back() == '=') --len;
  if (text.size() > 1 && text[text.size() - 2] == '=') --len;
  out.resize(len);
  return out;
}

std::string str(const YAML::Node& n, const char* key) {
  if (!n || !n.IsMap() || !n[key] || !n[key].IsScalar()) return "";
  return n[key].as<std::string>();
}

std::string resolve(const std::string& path, const std::string& dir) {
  if (path.empty() || fs::path(path).is_absolute()) return path;
  return (fs::path(dir) / path).string();
}

void merge_named(const YAML::Node& list, const char* inner, const std::string& dir,
                 std::map<std::string, Named>& into) {
  if (!list || !list.IsSequence()) return;
  for (const auto& e : list) {
    const std::string name = str(e, "name");
    if (name.empty() || into.count(name)) continue;  // the first file to define a name wins
    into[name] = Named{e[inner], dir};
  }
}

Status merge_file(const std::string& path, Merged& m) {
  auto text = read_file(path, "kubeconfig");
  if (!text) return text.error();
  YAML::Node root;
  try {
    root = YAML::Load(*text);
  } catch (const YAML::Exception& e) {
    return config_error("kubeconfig " + path + " is not valid YAML: " + e.what());
  }
  if (!root.IsMap()) return config_error("kubeconfig " + path + " is not a kubeconfig");
  const std::string dir = fs::path(path).parent_path().string();
  if (m.current_context.empty()) m.current_context = str(root, "current-context");
  merge_named(root["clusters"], "cluster", dir, m.clusters);
  merge_named(root["users"], "user", dir, m.users);
  merge_named(root["contexts"], "context", dir, m.contexts);
  m.files.push_back(path);
  return Ok{};
}

// PEM from *-data (base64) or a file; "" when neither is set.
Result<std::string> pem_from(const YAML::Node& n, const char* data_key, const char* file_key,
                             const std::string& dir, const std::string& what) {
  const std::string data = str(n, data_key);
  if (!data.empty()) {
    auto pem = base64_decode(data);
    if (!pem) return config_error(std::string(data_key) + " of " + what + " is not base64");
    return *pem;
  }
  const std::string file = str(n, file_key);
  if (file.empty()) return std::string();
  return read_file(resolve(file, dir), std::string(file_key) + " of " + what);
}

Result<ExecPlugin> exec_from(const YAML::Node& e, const std::string& dir, const std::string& user) {
  ExecPlugin p;
  p.api_version = str(e, "apiVersion");
  p.command = str(e, "command");
  p.interactive_mode = str(e, "interactiveMode");
  p.install_hint = str(e, "installHint");
  p.base_dir = dir;
  if (p.command.empty()) return config_error("user " + user + ": exec plugin without a command");
  if (p.api_version != "client.authentication.k8s.io/v1" &&
      p.api_version != "client.authentication.k8s.io/v1beta1") {
    return config_error("user " + user + ": exec plugin apiVersion \"" + p.api_version +
                        "\" is not client.authentication.k8s.io/v1 or v1beta1");
  }
  if (e["args"] && e["args"].IsSequence())
    for (const auto& a : e["args"]) p.args.push_back(a.as<std::string>());
  if (e["env"] && e["env"].IsSequence())
    for (const auto& v : e["env"]) p.env.emplace_back(str(v, "name"), str(v, "value"));
  return p;
}

Result<KubeConfig> in_cluster() {
  const char* host = std::getenv("KUBERNETES_SERVICE_HOST");
  const char* port = std::getenv("KUBERNETES_SERVICE_PORT");
  if (host == nullptr || port == nullptr || !fs::exists(std::string(kInClusterDir) + "/token"))
    return config_error(
        "no kubeconfig: --kubeconfig, KUBECONFIG and ~/.kube/config are unset or missing, and "
        "this is not a pod");
  KubeConfig c;
  c.origin = "in-cluster";
  c.context = "in-cluster";
  const std::string h = host;
  c.server = "https://" + (h.find(':') != std::string::npos ? "[" + h + "]" : h) + ":" + port;
  auto token = read_file(std::string(kInClusterDir) + "/token", "service account token");
  if (!token) return token.error();
  c.token = *token;
  while (!c.token.empty() && (c.token.back() == '\n' || c.token.back() == '\r')) c.token.pop_back();
  auto ca = read_file(std::string(kInClusterDir) + "/ca.crt", "service account CA");
  if (!ca) return ca.error();
  c.ca_pem = *ca;
  return c;
}

std::vector<std::string> kubeconfig_files(const KubeConfigOptions& o) {
  if (!o.kubeconfig.empty()) return {o.kubeconfig};
  std::vector<std::string> files;
  if (const char* env = std::getenv("KUBECONFIG"); env != nullptr && *env != '\0') {
    std::stringstream ss(env);
    std::string f;
    while (std::getline(ss, f, ':'))
      if (!f.empty() && fs::exists(f)) files.push_back(f);  // kubectl skips missing list entries
    return files;
  }
  if (const char* home = std::getenv("HOME"); home != nullptr) {
    const std::string f = std::string(home) + "/.kube/config";
    if (fs::exists(f)) files.push_back(f);
  }
  return files;
}

Status fill_user(const Named& u, const std::string& name, KubeConfig& c) {
  const std::string what = "user " + name;
  auto cert = pem_from(u.node, "client-certificate-data", "client-certificate", u.dir, what);
  if (!cert) return cert.error();
  auto key = pem_from(u.node, "client-key-data", "client-key", u.dir, what);
  if (!key) return key.error();
  c.client_cert_pem = *cert;
  c.client_key_pem = *key;
  if (c.client_cert_pem.empty() != c.client_key_pem.empty())
    return config_error(what + ": a client certificate needs its key and the other way round");
  c.token = str(u.node, "token");
  const std::string token_file = str(u.node, "tokenFile");
  if (c.token.empty() && !token_file.empty()) {
    auto t = read_file(resolve(token_file, u.dir), "tokenFile of " + what);
    if (!t) return t.error();
    c.token = *t;
    while (!c.token.empty() && (c.token.back() == '\n' || c.token.back() == '\r'))
      c.token.pop_back();
  }
  if (u.node && u.node.IsMap() && u.node["exec"]) {
    auto exec = exec_from(u.node["exec"], u.dir, name);
    if (!exec) return exec.error();
    c.exec = std::move(*exec);
  }
  return Ok{};
}

}  // namespace

Result<KubeConfig> load_kubeconfig(const KubeConfigOptions& options) {
  if (!options.kubeconfig.empty() && !fs::exists(options.kubeconfig))
    return config_error("--kubeconfig " + options.kubeconfig + ": no such file");
  const auto files = kubeconfig_files(options);
  if (files.empty()) {
    if (!options.context.empty())
      return config_error("context \"" + options.context + "\" not found: no kubeconfig");
    return in_cluster();
  }
  Merged m;
  for (const std::string& f : files)
    if (Status st = merge_file(f, m); !st.ok()) return st.error();
  KubeConfig c;
  for (const std::string& f : m.files) c.origin += (c.origin.empty() ? "" : ":") + f;
  c.context = options.context.empty() ? m.current_context : options.context;
  if (c.context.empty())
    return config_error("no context: " + c.origin + " sets no current-context; use --context");
  auto ctx = m.contexts.find(c.context);
  if (ctx == m.contexts.end())
    return config_error("context \"" + c.context + "\" not found in " + c.origin);
  c.cluster = str(ctx->second.node, "cluster");
  c.user = str(ctx->second.node, "user");
  auto cl = m.clusters.find(c.cluster);
  if (cl == m.clusters.end())
    return config_error("context \"" + c.context + "\": cluster \"" + c.cluster + "\" not found");
  c.server = str(cl->second.node, "server");
  while (!c.server.empty() && c.server.back() == '/') c.server.pop_back();
  if (c.server.rfind("https://", 0) != 0)
    return config_error("cluster \"" + c.cluster + "\": server \"" + c.server +
                        "\" is not an https URL");
  auto ca = pem_from(cl->second.node, "certificate-authority-data", "certificate-authority",
                     cl->second.dir, "cluster " + c.cluster);
  if (!ca) return ca.error();
  c.ca_pem = *ca;
  c.insecure_skip_verify = str(cl->second.node, "insecure-skip-tls-verify") == "true";
  c.proxy_url = str(cl->second.node, "proxy-url");
  if (c.insecure_skip_verify && !c.ca_pem.empty())
    return config_error("cluster \"" + c.cluster +
                        "\": specifying a root certificates file with the insecure flag is not "
                        "allowed (certificate-authority and insecure-skip-tls-verify both set)");
  if (!c.user.empty()) {
    auto u = m.users.find(c.user);
    if (u == m.users.end())
      return config_error("context \"" + c.context + "\": user \"" + c.user + "\" not found");
    if (Status st = fill_user(u->second, c.user, c); !st.ok()) return st.error();
  }
  return c;
}

}  // namespace wid
