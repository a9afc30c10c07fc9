// What the check tests share: running one check over a hand-built store, finding a result, and
// a KubeObject from its JSON the way the collector fills one.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "collectors/parse/typed_objects.h"
#include "rules/checks/check.h"

namespace wid::testing {

inline std::vector<CheckResult> run_check(CheckFn fn, const EvidenceStore& store,
                                          const std::vector<Finding>& symptoms = {},
                                          const std::string& now = "2026-11-28T12:00:00Z") {
  // The check's own declaration, so captured() holds it to the reads it declared.
  CheckContext ctx{store, symptoms, now, find_check(fn)};
  CheckRun r;
  fn(ctx, r);
  return r.results;
}

// The first result of rule `id` with `status`, and `subject` when one is given.
inline const CheckResult* find_result(const std::vector<CheckResult>& rs, const std::string& id,
                                      FindingStatus status, const std::string& subject = "") {
  for (auto& r : rs)
    if (r.rule_id == id && r.status == status && (subject.empty() || r.subject == subject))
      return &r;
  return nullptr;
}

// A store holding `objects` and the typed records the checks read, filed as the bundle reader
// files them.
inline EvidenceStore store_of(std::vector<KubeObject> objects) {
  EvidenceStore store;
  store.objects = std::move(objects);
  file_typed_objects(store);
  return store;
}

// `store` with its typed records filed from its objects.
inline EvidenceStore filed(EvidenceStore store) {
  file_typed_objects(store);
  return store;
}

inline KubeObject kube_object(const nlohmann::json& body) {
  KubeObject o;
  o.body = body;
  o.api_version = body.value("apiVersion", "");
  o.kind = body.value("kind", "");
  o.name = body["metadata"].value("name", "");
  o.namespace_ = body["metadata"].value("namespace", "");
  return o;
}

}  // namespace wid::testing
