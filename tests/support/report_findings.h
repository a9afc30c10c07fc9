// A report's findings as (ruleId, status, subject) triples: what the live tests compare between
// `check`, `analyze` of a collected bundle and `analyze` of the scenario directory.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>

namespace wid::test {

using Finding3 = std::tuple<std::string, std::string, std::string>;

inline std::set<Finding3> findings_of(const nlohmann::json& report) {
  std::set<Finding3> out;
  for (const auto& f : report.value("findings", nlohmann::json::array()))
    out.emplace(f.value("ruleId", ""), f.value("status", ""), f.value("subject", ""));
  return out;
}

// How the API server was reached (cluster/connection.json) is known to a live run and to the
// bundle it collects, never to a scenario directory written by hand: compare a live report with
// the scenario's without the findings about the connection.
inline std::set<Finding3> without_connection(std::set<Finding3> findings) {
  std::erase_if(findings, [](const Finding3& f) {
    return std::get<0>(f) == "KUBECONFIG_INSECURE_SKIP_TLS_VERIFY";
  });
  return findings;
}

}  // namespace wid::test
