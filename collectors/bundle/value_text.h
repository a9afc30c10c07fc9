// The string values of a YAML or JSON file as text for the log scanner. A saved error response
// (`{"error":"invalid_client","error_description":"AADSTS700222: ..."}`), an ARM DeploymentFailed
// body or a Kubernetes Event holds its error text in string values, escaped (\" \n \u0027) and, in
// pretty-printed JSON, indented so that the scanner would fold the whole document into one record.
// Here each value is unescaped and written as `"key": "value"` on the line where the value starts
// in the file (values of one line side by side), so a match points at the value's own line and a
// whole document is never one record. Values under the keys a caller names are left out (a Pod's
// `annotations` hold a last-applied-configuration copy of the object, `managedFields` the write
// history: neither says what failed).
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/parse/structured_document.h"

namespace wid {

// From JSON text, read leniently (a value cut by a parse error still counts up to the cut).
std::string json_values_text(std::string_view json, const std::set<std::string>& skip_keys = {});

// From parsed YAML documents, by the line of each node.
std::string yaml_values_text(const std::vector<StructuredDocument>& docs,
                             const std::set<std::string>& skip_keys = {});

}  // namespace wid
