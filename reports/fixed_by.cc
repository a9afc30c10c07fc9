#include "reports/fixed_by.h"

namespace wid {
namespace {

std::string and_list(const std::vector<std::string>& ids) {
  std::string out;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += i + 1 == ids.size() ? " and " : ", ";
    out += ids[i];
  }
  return out;
}

}  // namespace

std::string fixed_by_sentence(const Finding& f) {
  if (f.fixed_by.empty()) return "";
  return "Fixed by fixing " + and_list(f.fixed_by) + ".";
}

std::string codes_seen(const Finding& f) {
  if (f.codes.empty() || (f.codes.size() == 1 && f.codes[0] == f.rule_id)) return "";
  std::string out;
  for (const std::string& c : f.codes) out += (out.empty() ? "" : ", ") + c;
  return out;
}

}  // namespace wid
