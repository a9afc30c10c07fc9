#include "rules/checks/arm_ids.h"

#include "analyzer/model/text.h"

namespace wid {

std::string resource_group_of(std::string_view arm_id) {
  const std::string lower = to_lower_ascii(arm_id);
  const std::string key = "/resourcegroups/";
  size_t at = lower.find(key);
  if (at == std::string::npos) return "";
  size_t b = at + key.size();
  size_t e = arm_id.find('/', b);
  return std::string(arm_id.substr(b, e == std::string_view::npos ? arm_id.size() - b : e - b));
}

std::string last_segment(std::string_view arm_id) {
  while (!arm_id.empty() && arm_id.back() == '/') arm_id.remove_suffix(1);
  size_t at = arm_id.rfind('/');
  return std::string(at == std::string_view::npos ? arm_id : arm_id.substr(at + 1));
}

std::string fic_subject(const FederatedCredential& fc) {
  if (!fc.identity_id.empty()) return fc.identity_id + "/federatedIdentityCredentials/" + fc.name;
  return "federatedIdentityCredential/" + (fc.identity_name.empty() ? "?" : fc.identity_name) +
         "/" + fc.name;
}

bool fic_on_identity(const FederatedCredential& fc, const ManagedIdentity& mi) {
  if (!fc.identity_id.empty() && !mi.id.empty())
    return to_lower_ascii(fc.identity_id) == to_lower_ascii(mi.id);
  return !fc.identity_name.empty() && fc.identity_name == mi.name;
}

}  // namespace wid
