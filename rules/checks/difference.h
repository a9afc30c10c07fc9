// How two values that should be equal differ (the cause a finding names), and how a value is
// quoted in the prose of a detail.
#pragma once

#include <string>
#include <string_view>

namespace wid {

// "" when equal byte for byte; else trailing_slash | whitespace | case | scheme |
// kubeadm_default | other, the first that explains the whole difference (kubeadm_default when
// either side is the in-cluster default issuer).
std::string classify_difference(std::string_view observed, std::string_view expected);

// https://kubernetes.default.svc, .cluster.local, with or without a port or trailing slash.
bool is_kubeadm_default_issuer(std::string_view issuer);

// Quotes for the prose of details: a value, or "(absent)".
std::string shown(std::string_view v);

}  // namespace wid
