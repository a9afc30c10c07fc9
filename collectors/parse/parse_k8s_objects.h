// Kubernetes objects from YAML or JSON: single objects, multi-document streams, `kind: List` /
// `*List` with items, and top-level arrays. Objects are stored with secrets removed at once:
// Secret data/stringData values (keys kept), a Secret's last-applied-configuration annotation,
// env values whose names say secret, and any embedded JWT (parsed into a token record instead).
// Kubeconfigs and ExecCredentials are recognised and never stored.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/model/evidence.h"

namespace wid {

bool is_k8s_object(const nlohmann::json& j);  // an object with string apiVersion and kind
// kind: Config with clusters/users/contexts, or an ExecCredential: credential holders.
bool is_credential_config(const nlohmann::json& j);

struct ObjectRef {
  const nlohmann::json* value;
  std::string pointer;  // JSON pointer inside the document ("" for the document itself)
};

// The objects a document holds: itself, or the items of a List, or the elements of an array
// (one level; a List inside a List is expanded too).
std::vector<ObjectRef> expand_objects(const nlohmann::json& doc);

struct SanitizedObject {
  KubeObject object;
  // JWTs found in string values (e.g. TokenRequest status.token): pointer -> token text. The
  // caller parses them into ServiceAccountToken records; the object holds a mask in their place.
  std::vector<std::pair<std::string, std::string>> tokens;
  bool is_secret = false;
};

SanitizedObject make_kube_object(const nlohmann::json& obj, SourceRef source);

}  // namespace wid
