#include "rules/required_literals.h"

#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include <algorithm>
#include <numeric>

namespace wid {
namespace {

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
  // Non-ASCII atoms go first, then the shortest: both are the ones worth losing.
  std::vector<size_t> order(atoms.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const bool aa = ascii(atoms[a]), ab = ascii(atoms[b]);
    if (aa != ab) return !aa;
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
