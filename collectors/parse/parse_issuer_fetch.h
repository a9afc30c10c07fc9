// issuer/fetch.json, written by a live run's public-issuer fetch: what was requested, from which
// address, and what came back (status, content type, or the TLS / DNS / timeout / redirect /
// refused-address error). Also reads the collectors[] of wi-doctor's bundle manifest.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analyzer/model/evidence.h"

namespace wid {

inline constexpr const char* kIssuerFetchSchema = "wi-doctor.issuer-fetch/v1";

bool is_issuer_fetch(const nlohmann::json& j);
IssuerFetch parse_issuer_fetch(const nlohmann::json& j, const SourceRef& source);
nlohmann::json issuer_fetch_to_json(const IssuerFetch& f);

// manifest.json collectors[]: entries without a name or status are left out.
std::vector<CollectorStatus> parse_manifest_collectors(const nlohmann::json& manifest);
nlohmann::json collectors_to_json(const std::vector<CollectorStatus>& collectors);

}  // namespace wid
