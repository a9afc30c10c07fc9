// Every check, declared once: its function and its CheckDef (what it reports, reads and fills).
// Each is defined in rules/checks/<name>.cc; registry.cc lists the CheckDefs in priority order.
// scripts/add_check.py adds a check here, in the registry and in the catalog.
#pragma once

#include "rules/checks/check.h"

namespace wid {

void check_issuer_matches_credentials(const CheckContext& ctx, CheckRun& run);
extern const CheckDef kIssuerMatchesCredentialsCheck;
void check_subject_has_credential(const CheckContext& ctx, CheckRun& run);
extern const CheckDef kSubjectHasCredentialCheck;
void check_audience_matches(const CheckContext& ctx, CheckRun& run);
extern const CheckDef kAudienceMatchesCheck;
void check_credential_on_identity_in_use(const CheckContext& ctx, CheckRun& run);
extern const CheckDef kCredentialOnIdentityInUseCheck;
void check_tenant_matches_identity(const CheckContext& ctx, CheckRun& run);
extern const CheckDef kTenantMatchesIdentityCheck;
void check_credential_wildcard(const CheckContext& ctx, CheckRun& run);
extern const CheckDef kCredentialWildcardCheck;
void check_apiserver_issuer_consistent(const CheckContext& ctx, CheckRun& run);
extern const CheckDef kApiserverIssuerConsistentCheck;
void check_token_kid_published(const CheckContext& ctx, CheckRun& run);
extern const CheckDef kTokenKidPublishedCheck;
void check_signing_alg_rs256(const CheckContext& ctx, CheckRun& run);
extern const CheckDef kSigningAlgRs256Check;
void check_jwks_uri_well_formed(const CheckContext& ctx, CheckRun& run);
extern const CheckDef kJwksUriWellFormedCheck;
void check_role_assignment_covers_action(const CheckContext& ctx, CheckRun& run);
extern const CheckDef kRoleAssignmentCoversActionCheck;
void check_propagation_window(const CheckContext& ctx, CheckRun& run);
extern const CheckDef kPropagationWindowCheck;
void check_cluster_namespace_allowed(const CheckContext& ctx, CheckRun& run);
extern const CheckDef kClusterNamespaceAllowedCheck;
void check_cluster_identity_ref(const CheckContext& ctx, CheckRun& run);
extern const CheckDef kClusterIdentityRefCheck;
void check_machine_identity_providerid(const CheckContext& ctx, CheckRun& run);
extern const CheckDef kMachineIdentityProvideridCheck;
void check_cluster_identity_type(const CheckContext& ctx, CheckRun& run);
extern const CheckDef kClusterIdentityTypeCheck;
void check_pod_injected(const CheckContext& ctx, CheckRun& run);
extern const CheckDef kPodInjectedCheck;
void check_token_file_mounted(const CheckContext& ctx, CheckRun& run);
extern const CheckDef kTokenFileMountedCheck;
void check_issuer_publicly_reachable(const CheckContext& ctx, CheckRun& run);
extern const CheckDef kIssuerPubliclyReachableCheck;
void check_apiserver_certificate_verified(const CheckContext& ctx, CheckRun& run);
extern const CheckDef kApiserverCertificateVerifiedCheck;
// add_check.py: declarations above this line

}  // namespace wid
