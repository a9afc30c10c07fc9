// How two values that should be equal differ (the cause a finding names), and how a value is
// quoted in the prose of a detail.
#pragma once

#include <string>
#include <string_view>

#include "analyzer/model/finding.h"

namespace wid {

// kNone when equal byte for byte; else the first of kKubeadmDefault (either side is the
// in-cluster default issuer), kWhitespace, kTrailingSlash, kScheme, kCase that explains the whole
// difference, else kOther.
Difference classify_difference(std::string_view observed, std::string_view expected);

// https://kubernetes.default.svc, .cluster.local, with or without a port or trailing slash.
bool is_kubeadm_default_issuer(std::string_view issuer);

// Quotes for the prose of details: a value, or "(absent)".
std::string shown(std::string_view v);

}  // namespace wid
