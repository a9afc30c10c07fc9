// Shared vocabulary of the checks: where a value was seen, and the values Entra and ARM echoed
// back in the logs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyzer/model/finding.h"
#include "analyzer/model/source_ref.h"
#include "analyzer/model/text.h"
#include "rules/checks/check.h"

namespace wid {

// system:serviceaccount:<namespace>:<name>
std::string sa_subject(std::string_view ns, std::string_view name);

// "path:line" or "path#pointer": where a piece of evidence sits.
std::string locator_of(const SourceRef& r);
EvidenceItem evidence_at(const SourceRef& r, std::string observed, std::string expected = "",
                         Difference difference = Difference::kNone);

// One value a log rule captured (an issuer from AADSTS70021's "Assertion Issuer"), with the
// finding it came from.
struct Captured {
  std::string value;
  const Finding* finding;
};
// Every distinct value of capture `name` across the symptom findings, optionally only from the
// given rule ids; in report order. The running check must declare the read (CheckDef::reads):
// an undeclared one throws CheckContractError.
std::vector<Captured> captured(const CheckContext& ctx, std::string_view name,
                               const std::vector<std::string_view>& rule_ids = {});

// A value and where it was seen.
struct Sourced {
  std::string value;
  SourceRef source;
  std::string
      origin;  // e.g. "token iss", "AADSTS70021 Assertion Issuer", "--service-account-issuer"
};
// The issuers the cluster actually presents, most direct first: what Entra echoed back in an
// AADSTS error, then tokens' `iss`, then the API server's signing issuer. Distinct values.
std::vector<Sourced> presented_issuers(const CheckContext& ctx);
// The subjects tokens were presented with: Entra's "Assertion Subject", tokens' `sub`.
std::vector<Sourced> presented_subjects(const CheckContext& ctx);

}  // namespace wid
