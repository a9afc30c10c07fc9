// Turns the stored Kubernetes objects into the typed records the checks read (workloads,
// ServiceAccounts, CAPZ objects, ...). One entry point for every way objects are collected: the
// bundle reader calls it once its objects are sorted, live collection on what it fetched.
#pragma once

#include "analyzer/model/evidence.h"

namespace wid {

// Refills every typed list of `store` from `store.objects`, each in the order of `objects`.
void file_typed_objects(EvidenceStore& store);

}  // namespace wid
