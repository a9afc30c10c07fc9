#include "analyzer/model/json_path.h"

namespace wid {

const nlohmann::json* json_at(const nlohmann::json& j,
                              std::initializer_list<std::string_view> path) {
  const nlohmann::json* cur = &j;
  for (std::string_view key : path) {
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(key);
    if (it == cur->end()) return nullptr;
    cur = &*it;
  }
  return cur;
}

std::string string_at(const nlohmann::json& j, std::initializer_list<std::string_view> path) {
  const nlohmann::json* v = json_at(j, path);
  return v && v->is_string() ? v->get<std::string>() : "";
}

std::string scalar_at(const nlohmann::json& j, std::initializer_list<std::string_view> path) {
  const nlohmann::json* v = json_at(j, path);
  if (!v || v->is_null() || !v->is_primitive()) return "";
  return v->is_string() ? v->get<std::string>() : v->dump();
}

std::map<std::string, std::string> string_map_at(const nlohmann::json& j,
                                                 std::initializer_list<std::string_view> path) {
  std::map<std::string, std::string> out;
  const nlohmann::json* v = json_at(j, path);
  if (!v || !v->is_object()) return out;
  for (const auto& [k, val] : v->items()) {
    if (val.is_string())
      out[k] = val.get<std::string>();
    else if (val.is_boolean())
      out[k] = val.get<bool>() ? "true" : "false";
  }
  return out;
}

}  // namespace wid
