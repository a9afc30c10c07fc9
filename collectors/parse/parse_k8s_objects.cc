#include "collectors/parse/parse_k8s_objects.h"

#include "analyzer/model/redact.h"
#include "analyzer/model/text.h"
#include "collectors/parse/parse_env.h"
#include "collectors/parse/parse_jwt.h"
#include "collectors/parse/structured_document.h"

namespace wid {
namespace {

using Json = nlohmann::json;

constexpr const char* kLastApplied = "kubectl.kubernetes.io/last-applied-configuration";

std::string str(const Json& o, const char* key) {
  if (!o.is_object()) return "";
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : "";
}

bool is_list(const Json& j) {
  return is_k8s_object(j) && ends_with(j["kind"].get<std::string>(), "List") &&
         j.contains("items") && j["items"].is_array();
}

void mask_values(Json& map) {
  if (!map.is_object()) return;
  for (auto& [k, v] : map.items()) {
    (void)k;
    v = kRedactedMark;
  }
}

// Walks every value (depth is already bounded by the loaders): masks secret-named env values,
// pulls JWTs out, and runs the shared redaction over every other string.
void scrub(Json& v, const std::string& pointer, SanitizedObject& out) {
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    std::string_view t = trim(s);
    if (t.size() > 40 && t.find('.') != std::string_view::npos &&
        t.find(' ') == std::string_view::npos && looks_like_bare_jwt(t, false)) {
      out.tokens.emplace_back(pointer, std::string(t));
      v = kRedactedMark;
      return;
    }
    std::string r = redact(s);
    if (r != s) v = to_utf8(r);
    return;
  }
  if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i) scrub(v[i], pointer + "/" + std::to_string(i), out);
    return;
  }
  if (!v.is_object()) return;
  // {name: AZURE_CLIENT_SECRET, value: ...}: a container env entry (or any name/value pair).
  auto name = v.find("name");
  auto value = v.find("value");
  if (name != v.end() && value != v.end() && name->is_string() && value->is_string() &&
      is_secret_variable(name->get<std::string>()) && !value->get<std::string>().empty()) {
    *value = kRedactedMark;
  }
  for (auto& [k, child] : v.items()) scrub(child, pointer + "/" + json_pointer_escape(k), out);
}

}  // namespace

bool is_k8s_object(const Json& j) {
  return j.is_object() && j.contains("apiVersion") && j["apiVersion"].is_string() &&
         j.contains("kind") && j["kind"].is_string();
}

bool is_credential_config(const Json& j) {
  if (!is_k8s_object(j)) return false;
  const std::string kind = j["kind"].get<std::string>();
  if (kind == "ExecCredential") return true;
  return kind == "Config" &&
         (j.contains("clusters") || j.contains("users") || j.contains("contexts"));
}

std::vector<ObjectRef> expand_objects(const Json& doc) {
  std::vector<ObjectRef> out;
  auto add = [&](const Json& j, const std::string& ptr, auto& self, int depth) -> void {
    if (is_list(j) && depth < 2) {
      const Json& items = j["items"];
      for (size_t i = 0; i < items.size(); ++i)
        self(items[i], ptr + "/items/" + std::to_string(i), self, depth + 1);
    } else if (is_k8s_object(j)) {
      out.push_back({&j, ptr});
    }
  };
  if (doc.is_array()) {
    for (size_t i = 0; i < doc.size(); ++i) {
      add(doc[i], str_cat("/", i), add, 1);
    }
  } else {
    add(doc, "", add, 0);
  }
  return out;
}

SanitizedObject make_kube_object(const Json& obj, SourceRef source) {
  SanitizedObject out;
  KubeObject& k = out.object;
  k.source = std::move(source);
  k.api_version = str(obj, "apiVersion");
  k.kind = str(obj, "kind");
  if (obj.contains("metadata") && obj["metadata"].is_object()) {
    k.name = str(obj["metadata"], "name");
    k.namespace_ = str(obj["metadata"], "namespace");
  }
  k.body = obj;
  out.is_secret = k.kind == "Secret" && (k.api_version == "v1");
  if (out.is_secret) {
    // Keys only: which keys a Secret has is evidence, their values never are.
    if (k.body.contains("data")) mask_values(k.body["data"]);
    if (k.body.contains("stringData")) mask_values(k.body["stringData"]);
    auto md = k.body.find("metadata");
    if (md != k.body.end() && md->is_object()) {
      auto ann = md->find("annotations");
      if (ann != md->end() && ann->is_object()) ann->erase(kLastApplied);
    }
  } else if (k.kind == "ConfigMap" && k.body.contains("data") && k.body["data"].is_object()) {
    for (auto& [key, v] : k.body["data"].items())
      if (is_secret_variable(key) && v.is_string() && !v.get<std::string>().empty())
        v = kRedactedMark;
  }
  scrub(k.body, "", out);
  return out;
}

}  // namespace wid
