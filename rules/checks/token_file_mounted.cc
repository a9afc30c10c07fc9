// The token file a workload's Azure SDK reads (AZURE_FEDERATED_TOKEN_FILE) is where a projected
// service-account token is mounted in that container. The webhook sets both itself, but the path
// changed between webhook releases (/var/run/secrets/azure/tokens/azure-identity-token up to v1.5),
// ASO's and CAPZ's manifests carry their own, and charts or syncers that rewrite pods drop the one
// volume and keep the other: the SDK then fails to read a file that does not exist.
#include <string>
#include <vector>

#include "analyzer/model/text.h"
#include "rules/checks/checks.h"
#include "rules/checks/compare.h"
#include "rules/checks/difference.h"
#include "rules/checks/kube_records.h"

namespace wid {
namespace {

constexpr const char* kRule = "TOKEN_PATH_MISMATCH";
constexpr const char* kTokenFileVar = "AZURE_FEDERATED_TOKEN_FILE";

std::string join_path(std::string_view dir, std::string_view file) {
  while (!dir.empty() && dir.back() == '/') dir.remove_suffix(1);
  return std::string(dir) + "/" + std::string(file);
}

// The files a projected service-account token appears as in `container`.
std::vector<std::string> mounted_tokens(const Workload& w, const std::string& container) {
  std::vector<std::string> out;
  for (const VolumeMount& m : w.mounts) {
    if (m.container != container) continue;
    for (const ProjectedToken& t : w.projected_tokens) {
      if (t.volume != m.volume) continue;
      if (m.sub_path.empty())
        out.push_back(join_path(m.mount_path, t.path));
      else if (m.sub_path == t.path)
        out.push_back(m.mount_path);
    }
  }
  return out;
}

// `kubectl set env` target: the workload itself, never a Pod (its spec is immutable).
std::string resource_of(const Workload& w) {
  if (w.object.kind == "Pod") return "";
  return to_lower_ascii(w.object.kind) + "/" + w.object.name;
}

void judge(const Workload& w, const EnvVar& e, CheckRun& run) {
  const std::vector<std::string> mounted = mounted_tokens(w, e.container);
  bool found = false;
  for (const std::string& m : mounted) found = found || m == e.value;
  const std::string workload = object_subject(w.object);
  auto& r = run.add(kRule, found ? FindingStatus::kPass : FindingStatus::kFail, workload);
  r.values = {{"workload", workload},
              {"container", e.container},
              {"token_file", e.value},
              {"namespace", w.object.namespace_.empty() ? "default" : w.object.namespace_}};
  if (!mounted.empty()) r.values["mounted_path"] = mounted[0];
  if (const std::string res = resource_of(w); !res.empty()) r.values["resource"] = res;
  r.key_values = {{"container", e.container}, {"token_file", e.value}};
  const std::string field =
      w.template_pointer + "/spec/containers/" + e.container + "/env/" + kTokenFileVar;
  const Difference diff = found             ? Difference::kNone
                          : mounted.empty() ? Difference::kOther
                                            : classify_difference(e.value, mounted[0]);
  r.evidence.push_back(field_evidence(
      w.object, field, e.value, mounted.empty() ? "a mounted projected token" : mounted[0], diff));
  if (found)
    r.detail = "Container " + e.container + " of " + workload + " reads its token from " + e.value +
               ", where a projected service-account token is mounted.";
  else if (mounted.empty())
    r.detail = "Container " + e.container + " of " + workload + " reads " + kTokenFileVar + "=" +
               e.value + ", but no projected service-account token is mounted in it.";
}

}  // namespace

void check_token_file_mounted(const CheckContext& ctx, CheckRun& run) {
  if (ctx.store.workloads.empty()) {
    run.needs.push_back("kubectl get pods,deployments -n <NAMESPACE> -o yaml > workloads.yaml");
    return;
  }
  // A value from a ConfigMap or Secret (valueFrom) is not in the bundle: not judged.
  for (const Workload& w : ctx.store.workloads)
    for (const EnvVar& e : w.env)
      if (e.name == kTokenFileVar && !e.value.empty()) judge(w, e, run);
}

// Reads no log captures: the workload records alone prove it.
const CheckDef kTokenFileMountedCheck{
    "token_file_mounted",
    {"TOKEN_PATH_MISMATCH"},
    {},
    {"container", "mounted_path", "namespace", "resource", "token_file", "workload"},
    check_token_file_mounted,
};

}  // namespace wid
