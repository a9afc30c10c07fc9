#include "rules/required_literals.h"

#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include <algorithm>
#include <numeric>
#include <set>

namespace wid {
namespace {

// Words on a large share of Kubernetes controller and Azure SDK log lines (measured on the bench
// corpus: "namespace" on half the lines, "subscription" on one in six). When a pattern needs any
// one of several words, one of these is the worst to search for, so they are dropped first.
bool common_in_logs(const std::string& atom) {
  static const std::set<std::string> kCommon = {"namespace",
                                                "subscription",
                                                "subscriptions",
                                                "response",
                                                "request",
                                                "management.azure.com",
                                                "/management.azure.com",
                                                "identity",
                                                "credential",
                                                "credentials",
                                                "userassigned",
                                                "federated",
                                                "federatedidentitycredential",
                                                "workload",
                                                "scope",
                                                "resource",
                                                "resourcegroups",
                                                "error",
                                                "error:",
                                                "failed",
                                                "found",
                                                "controller",
                                                "reconcile",
                                                "token",
                                                "azure",
                                                "cluster",
                                                "status",
                                                "secret",
                                                "service",
                                                "account",
                                                "tenant",
                                                "issuer",
                                                "access",
                                                "managed",
                                                "endpoint",
                                                "machine",
                                                "https:",
                                                "http",
                                                "tcp",
                                                "name",
                                                "object",
                                                "microsoft",
                                                "client",
                                                "kind",
                                                "version",
                                                "provider",
                                                "get",
                                                "the",
                                                "for",
                                                "with",
                                                "not",
                                                "and"};
  return kCommon.count(atom) > 0;
}

bool ascii(const std::string& s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// True when a text holding every atom except those kept cannot match: the kept atoms are then
// necessary (FilteredRE2's AND/OR tree is monotone in the atoms present).
bool kept_are_necessary(const re2::FilteredRE2& f, const std::vector<bool>& keep) {
  std::vector<int> present, potential;
  for (size_t i = 0; i < keep.size(); ++i)
    if (!keep[i]) present.push_back(static_cast<int>(i));
  f.AllPotentials(present, &potential);
  return potential.empty();
}

}  // namespace

RequiredLiterals required_literals(const std::string& pattern) {
  RequiredLiterals out;
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_dot_nl(true);
  re2::FilteredRE2 filter(static_cast<int>(kMinLiteralBytes));
  int id = 0;
  if (filter.Add(pattern, opts, &id) != RE2::NoError) {
    out.why_none = "the pattern does not compile";
    return out;
  }
  std::vector<std::string> atoms;
  filter.Compile(&atoms);
  std::vector<bool> keep(atoms.size(), true);
  if (atoms.empty() || !kept_are_necessary(filter, keep)) {
    out.why_none =
        "no literal of at least 3 bytes is required by every match (it is optional, "
        "inside a repetition that may be empty, or only classes and short literals)";
    return out;
  }
  // Non-ASCII atoms go first, then words common in logs, then the shortest: the ones worth
  // losing. For a pattern that needs any one of several words, the last one tried survives.
  std::vector<size_t> order(atoms.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const bool aa = ascii(atoms[a]), ab = ascii(atoms[b]);
    if (aa != ab) return !aa;
    const bool ca = common_in_logs(atoms[a]), cb = common_in_logs(atoms[b]);
    if (ca != cb) return ca;
    return atoms[a].size() < atoms[b].size();
  });
  for (size_t i : order) {
    keep[i] = false;
    if (!kept_are_necessary(filter, keep)) keep[i] = true;
  }
  for (size_t i = 0; i < atoms.size(); ++i)
    if (keep[i]) out.literals.push_back(atoms[i]);
  if (!std::all_of(out.literals.begin(), out.literals.end(), ascii)) {
    out.literals.clear();
    out.why_none = "a required literal is not ASCII (the prefilter folds ASCII case only)";
  }
  return out;
}

}  // namespace wid
