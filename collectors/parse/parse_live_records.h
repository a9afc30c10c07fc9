// Records only a live run can make, saved in its bundle so an analysis of the bundle judges them
// as the live run did: cluster/connection.json (how the API server was reached: its certificate
// verified or not) and cluster/tokens/<ns>/<sa>.verify.json (a minted token's signature, checked
// with the whole token before its signature was dropped).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "analyzer/model/evidence.h"

namespace wid {

inline constexpr const char* kKubeConnectionSchema = "wi-doctor.kube-connection/v1";
inline constexpr const char* kTokenVerificationSchema = "wi-doctor.token-verification/v1";

bool is_kube_connection(const nlohmann::json& j);
KubeConnection parse_kube_connection(const nlohmann::json& j, const SourceRef& source);
nlohmann::json kube_connection_to_json(const KubeConnection& c);

bool is_token_verification(const nlohmann::json& j);
TokenVerification parse_token_verification(const nlohmann::json& j, const SourceRef& source);
nlohmann::json token_verification_to_json(const TokenVerification& v);

// Where a redacted token's verification is kept: "a/b.jwt" -> "a/b.verify.json".
std::string verification_path_for(const std::string& token_path);

// Gives each redacted token (signature "unsigned") the result its verification record holds.
// Run after the signatures at hand were checked.
void apply_token_verifications(EvidenceStore& store);

}  // namespace wid
