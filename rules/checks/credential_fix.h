// What every federated-credential fix needs: the values its commands name, and the command that
// lists the credentials when none were given.
#pragma once

#include <string>

#include "rules/checks/check.h"

namespace wid {

// Fills the values every credential fix command names: credential, identity, resource_group,
// issuer, subject, audience (from the credential; the caller overrides what must change).
void fill_credential_values(CheckResult& r, const FederatedCredential& fc);

// The list command that produces fic.json, names filled in when known.
std::string fic_list_command(const CheckContext& ctx);

}  // namespace wid
