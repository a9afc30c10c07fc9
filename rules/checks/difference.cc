#include "rules/checks/difference.h"

#include "analyzer/model/text.h"

namespace wid {
namespace {

std::string strip_slashes(std::string_view s) {
  while (!s.empty() && s.back() == '/') s.remove_suffix(1);
  return std::string(s);
}

std::string strip_scheme(std::string_view s) {
  for (std::string_view p : {"https://", "http://"})
    if (s.substr(0, p.size()) == p) return std::string(s.substr(p.size()));
  return std::string(s);
}

std::string drop_whitespace(std::string_view s) {
  std::string out;
  for (char c : s)
    if (!is_space(c)) out += c;
  return out;
}

}  // namespace

bool is_kubeadm_default_issuer(std::string_view issuer) {
  std::string host = strip_scheme(to_lower_ascii(trim(issuer)));
  host = host.substr(0, host.find('/'));
  host = host.substr(0, host.find(':'));
  return host == "kubernetes.default.svc" || host == "kubernetes.default.svc.cluster.local";
}

Difference classify_difference(std::string_view observed, std::string_view expected) {
  if (observed == expected) return Difference::kNone;
  if (is_kubeadm_default_issuer(observed) != is_kubeadm_default_issuer(expected))
    return Difference::kKubeadmDefault;
  if (drop_whitespace(observed) == drop_whitespace(expected)) return Difference::kWhitespace;
  if (strip_slashes(observed) == strip_slashes(expected)) return Difference::kTrailingSlash;
  if (strip_scheme(observed) == strip_scheme(expected) && observed != expected)
    return Difference::kScheme;
  if (to_lower_ascii(observed) == to_lower_ascii(expected)) return Difference::kCase;
  return Difference::kOther;
}

std::string shown(std::string_view v) {
  if (v.empty()) return "(absent)";
  return str_cat('"', v, '"');
}

}  // namespace wid
