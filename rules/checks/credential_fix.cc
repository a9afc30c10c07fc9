#include "rules/checks/credential_fix.h"

#include "rules/checks/arm_ids.h"
#include "rules/checks/workloads.h"

namespace wid {

void fill_credential_values(CheckResult& r, const FederatedCredential& fc) {
  r.values["credential"] = fc.name;
  if (!fc.identity_name.empty())
    r.values["identity"] = fc.identity_name;
  else if (!fc.identity_id.empty())
    r.values["identity"] = last_segment(fc.identity_id);
  std::string rg = resource_group_of(fc.identity_id);
  if (!rg.empty()) r.values["resource_group"] = rg;
  r.values["issuer"] = fc.issuer;
  r.values["subject"] = fc.subject;
  if (!fc.audiences.empty()) r.values["audience"] = fc.audiences[0];
}

std::string fic_list_command(const CheckContext& ctx) {
  std::string name = "<IDENTITY_NAME>", rg = "<RESOURCE_GROUP>";
  auto in_use = identities_in_use(ctx);
  const ManagedIdentity* mi = !in_use.empty()                    ? in_use[0]
                              : ctx.store.identities.size() == 1 ? &ctx.store.identities[0]
                                                                 : nullptr;
  if (mi) {
    if (!mi->name.empty()) name = mi->name;
    if (!mi->resource_group.empty()) rg = mi->resource_group;
  }
  return "az identity federated-credential list --identity-name " + name + " --resource-group " +
         rg + " -o json > fic.json";
}

}  // namespace wid
