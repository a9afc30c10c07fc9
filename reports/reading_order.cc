#include "reports/reading_order.h"

#include <algorithm>
#include <tuple>

namespace wid {

void sort_for_reading(std::vector<const Finding*>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding* a, const Finding* b) {
    const auto key = [](const Finding* f) {
      return std::tuple{f->status == FindingStatus::kPass, -static_cast<int>(f->severity),
                        f->status == FindingStatus::kUnknown, f->explains.empty(),
                        !f->explained_by.empty()};
    };
    return key(a) < key(b);
  });
}

std::vector<const Finding*> findings_for_reading(const Report& report, bool with_passes) {
  std::vector<const Finding*> v;
  for (const Finding& f : report.findings)
    if (with_passes || f.status != FindingStatus::kPass) v.push_back(&f);
  sort_for_reading(v);
  return v;
}

}  // namespace wid
