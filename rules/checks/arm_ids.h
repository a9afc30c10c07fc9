// Azure Resource Manager ids of identities and their federated credentials: their parts, and
// whether a credential sits on an identity (ARM ids compare case-insensitively).
#pragma once

#include <string>
#include <string_view>

#include "analyzer/model/evidence.h"

namespace wid {

// The resource group segment of an ARM ID (ARM lower-cases "resourcegroups"), "" when absent.
std::string resource_group_of(std::string_view arm_id);
// The last segment of an ARM ID.
std::string last_segment(std::string_view arm_id);

// A federated credential as a subject: its ARM resource ID when the owner is known, else
// identity/credential names.
std::string fic_subject(const FederatedCredential& fc);
// Whether a credential sits on an identity record: by ARM id when both are known, else by name.
bool fic_on_identity(const FederatedCredential& fc, const ManagedIdentity& mi);

}  // namespace wid
