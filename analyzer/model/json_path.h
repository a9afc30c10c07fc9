// Reading fields out of parsed JSON/YAML documents by path. The one walker of the project: the
// parsers in collectors/ use it to turn documents into typed evidence records, so a missing or
// mistyped field reads as absent instead of throwing (nlohmann's at() throws, operator[] inserts).
#pragma once

#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace wid {

// The value at `path` (object keys, in order), or nullptr when a step is missing or the value on
// the way is not an object.
const nlohmann::json* json_at(const nlohmann::json& j,
                              std::initializer_list<std::string_view> path);

// The string at `path`; "" when absent or not a string.
std::string string_at(const nlohmann::json& j, std::initializer_list<std::string_view> path);

// A scalar as text: strings as they are, numbers and booleans as JSON writes them ("8443",
// "true"), "" for null, objects, arrays and absent values. YAML loads every scalar as a string;
// JSON keeps its types, so the same manifest reads the same either way.
std::string scalar_at(const nlohmann::json& j, std::initializer_list<std::string_view> path);

// The object at `path` as a string map (labels, annotations, ConfigMap data). Booleans become
// "true"/"false": the API server would refuse `use: true` unquoted, but the intent is readable.
// Other non-string values are left out.
std::map<std::string, std::string> string_map_at(const nlohmann::json& j,
                                                 std::initializer_list<std::string_view> path);

}  // namespace wid
