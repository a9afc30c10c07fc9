// The user-assigned identities of an AzureMachineTemplate (or AzureMachine) are usable.
// CAPZ strips "azure://" from each providerID and hands the rest to ARM's resource-ID parser, so
// only azure:///subscriptions/... (three slashes) and /subscriptions/... work; a ${VAR} that
// clusterctl/envsubst never replaced, a wrong subscription or resource group, or an identity list
// without `identity: UserAssigned` (older CAPZ silently dropped the identities) all leave the VM
// without the identity its kubelet and cloud-provider need.
#include <cctype>

#include "rules/checks/checks.h"
#include "rules/checks/kube_records.h"

namespace wid {

namespace {

constexpr const char* kFormat = "CAPZ_PROVIDERID_FORMAT";
constexpr const char* kType = "CAPZ_UAMI_WITHOUT_IDENTITY_TYPE";
constexpr std::string_view kPrefix = "azure://";
constexpr const char* kShape =
    "azure:///subscriptions/<SUBSCRIPTION_ID>/resourceGroups/<RESOURCE_GROUP>/providers/"
    "Microsoft.ManagedIdentity/userAssignedIdentities/<IDENTITY_NAME>";

struct ParsedId {
  std::string error;  // "" when the grammar holds
  std::string subscription, resource_group, name;
};

bool is_guid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

ParsedId parse_provider_id(const std::string& provider_id) {
  ParsedId p;
  std::string_view id = provider_id;
  if (id.substr(0, kPrefix.size()) == kPrefix) id.remove_prefix(kPrefix.size());
  if (id.empty() || id[0] != '/') {
    p.error = "after CAPZ strips azure:// it does not start with '/'";
    return p;
  }
  std::vector<std::string> seg;
  for (size_t start = 1; start <= id.size();) {
    size_t slash = id.find('/', start);
    if (slash == std::string_view::npos) slash = id.size();
    seg.emplace_back(id.substr(start, slash - start));
    start = slash + 1;
  }
  const char* fixed[] = {"subscriptions",
                         nullptr,
                         "resourcegroups",
                         nullptr,
                         "providers",
                         "microsoft.managedidentity",
                         "userassignedidentities",
                         nullptr};
  bool ok = seg.size() == 8;
  for (size_t i = 0; ok && i < 8; ++i)
    ok = fixed[i] ? to_lower_ascii(seg[i]) == fixed[i] : !seg[i].empty();
  if (!ok) {
    p.error = "it is not a Microsoft.ManagedIdentity/userAssignedIdentities resource ID";
    return p;
  }
  p.subscription = seg[1];
  p.resource_group = seg[3];
  p.name = seg[7];
  if (!is_guid(p.subscription))
    p.error = "its subscription \"" + p.subscription + "\" is not a GUID";
  return p;
}

std::string subscription_setting(const EvidenceStore& store) {
  for (const Settings& s : store.settings)
    if (auto it = s.values.find("AZURE_SUBSCRIPTION_ID");
        it != s.values.end() && !it->second.empty())
      return it->second;
  return "";
}

// An AzureMachine cloned from a template in the bundle is reported through its template.
bool cloned_from_bundled_template(const EvidenceStore& store, const CapzMachine& machine) {
  auto it = machine.annotations.find("cluster.x-k8s.io/cloned-from-name");
  if (it == machine.annotations.end()) return false;
  for (const CapzMachine& t : store.capz_machines)
    if (t.object.kind == "AzureMachineTemplate" &&
        t.object.namespace_ == machine.object.namespace_ && t.object.name == it->second)
      return true;
  return false;
}

void check_machine(const CheckContext& ctx, const CapzMachine& machine, CheckRun& run) {
  const std::vector<std::string>& uamis = machine.provider_ids;
  if (uamis.empty()) return;
  const KubeMeta& m = machine.object;
  const std::string& spec_ptr = machine.spec_pointer;
  const std::string subject = object_subject(m);
  const std::string what = m.kind + " " + m.namespace_ + "/" + m.name;

  const std::string& identity = machine.identity;
  {
    const bool ok = identity == "UserAssigned";
    auto& r = run.add(kType, ok ? FindingStatus::kPass : FindingStatus::kFail, subject);
    r.values = {{"machine", m.name}, {"identity_type", identity}};
    r.evidence.push_back(field_evidence(m, spec_ptr + "/identity",
                                        identity.empty() ? "(absent)" : identity, "UserAssigned",
                                        ok ? Difference::kNone : Difference::kOther));
    r.detail = what + " lists " + std::to_string(uamis.size()) +
               " user-assigned identities with identity " + shown(identity) +
               (ok ? "." : ": CAPZ rejects it (older releases silently dropped the identities).");
  }

  const std::string sub_setting = subscription_setting(ctx.store);
  for (size_t i = 0; i < uamis.size(); ++i) {
    const std::string& pid = uamis[i];
    const std::string field =
        spec_ptr + "/userAssignedIdentities/" + std::to_string(i) + "/providerID";
    ParsedId p = parse_provider_id(pid);
    std::string problem, expected = kShape;
    Difference diff = Difference::kOther;
    if (pid.find("${") != std::string::npos) {
      size_t a = pid.find("${"), b = pid.find('}', a);
      problem = "it still holds " +
                pid.substr(a, b == std::string::npos ? std::string::npos : b - a + 1) +
                ", a variable clusterctl/envsubst never replaced";
    } else if (!p.error.empty()) {
      problem = p.error;
    } else if (!sub_setting.empty() &&
               to_lower_ascii(sub_setting) != to_lower_ascii(p.subscription)) {
      problem =
          "its subscription " + p.subscription + " is not AZURE_SUBSCRIPTION_ID " + sub_setting;
      expected = sub_setting;
      diff = classify_difference(p.subscription, sub_setting);
    }
    const ManagedIdentity* known = nullptr;
    if (problem.empty())
      for (const ManagedIdentity& mi : ctx.store.identities)
        if (to_lower_ascii(mi.name) == to_lower_ascii(p.name)) known = &mi;
    const std::string stripped = pid.substr(pid.rfind(kPrefix, 0) == 0 ? kPrefix.size() : 0);
    if (known && !known->id.empty() && to_lower_ascii(known->id) != to_lower_ascii(stripped)) {
      problem = "identity " + known->name + " is " + known->id;
      expected = known->id;
      diff = classify_difference(stripped, known->id);
      if (diff == Difference::kCase)
        diff = Difference::kOther;  // ARM IDs compare case-insensitively: not the cause
    }

    auto& r =
        run.add(kFormat, problem.empty() ? FindingStatus::kPass : FindingStatus::kFail, subject);
    r.values = {{"provider_id", pid}, {"machine", m.name}};
    // Only parsed, resolved parts fill the fix; the rest stay visible placeholders.
    auto put = [&](const char* k, const std::string& v) {
      if (!v.empty() && v.find('$') == std::string::npos) r.values[k] = v;
    };
    put("identity_name", known ? known->name : p.name);
    put("resource_group",
        known && !known->resource_group.empty() ? known->resource_group : p.resource_group);
    put("subscription_id", sub_setting.empty() ? p.subscription : sub_setting);
    r.key_values = {{"provider_id", pid}};
    r.evidence.push_back(field_evidence(m, field, pid.empty() ? "(absent)" : pid,
                                        problem.empty() ? "" : expected,
                                        problem.empty() ? Difference::kNone : diff));
    if (known) r.evidence.push_back(evidence_at(known->source, known->id));
    r.detail = problem.empty()
                   ? what + " providerID " + pid + " is a valid user-assigned identity ID."
                   : what + " providerID " + shown(pid) + " is not usable: " + problem + ".";
  }
}

}  // namespace

void check_machine_identity_providerid(const CheckContext& ctx, CheckRun& run) {
  // Templates first: a machine cloned from a bundled template is reported through it.
  for (const CapzMachine& t : ctx.store.capz_machines)
    if (t.object.kind == "AzureMachineTemplate" && t.has_spec) check_machine(ctx, t, run);
  for (const CapzMachine& m : ctx.store.capz_machines)
    if (m.object.kind == "AzureMachine" && m.has_spec &&
        !cloned_from_bundled_template(ctx.store, m))
      check_machine(ctx, m, run);
  if (ctx.store.capz_machines.empty())
    run.needs.push_back(
        "kubectl get azuremachinetemplates,azuremachines -A -o yaml > capz-machines.yaml");
}

const CheckDef kMachineIdentityProvideridCheck{
    "machine_identity_providerid",
    {"CAPZ_PROVIDERID_FORMAT", "CAPZ_UAMI_WITHOUT_IDENTITY_TYPE"},
    {},
    {"identity_name", "identity_type", "machine", "provider_id", "resource_group",
     "subscription_id"},
    check_machine_identity_providerid,
};

}  // namespace wid
