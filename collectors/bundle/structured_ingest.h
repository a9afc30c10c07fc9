// Decides what a parsed YAML/JSON file is from its shape and files its typed evidence:
// Kubernetes objects (with kube-apiserver flags from pods and KubeadmControlPlanes), kind and
// kubeadm configs, Azure federated credentials / identities / role assignments / role
// definitions (az, ARM, Graph shapes), OIDC discovery documents, JWKS, and wi-doctor's own bundle
// manifest.
#pragma once

#include <string>
#include <vector>

#include "analyzer/model/evidence.h"
#include "collectors/parse/structured_document.h"
#include "collectors/parse/token_verify.h"

namespace wid {

struct StructuredOutcome {
  std::string type;  // an InputFile type; empty when no shape is recognised
  std::string detail;
  // Kubernetes objects also carry error text (status conditions, Events), so their file's values
  // are also scanned by the log rules (value_text.h); never a file that holds a Secret or a
  // kubeconfig.
  bool scan_as_text = false;
};

// pending receives the signed parts of tokens embedded in objects (nullptr: left unchecked).
StructuredOutcome ingest_documents(const std::vector<StructuredDocument>& docs,
                                   const std::string& path, EvidenceStore& store,
                                   PendingSignatures* pending = nullptr);

// wi-doctor's own manifest.json: {"tool": "wi-doctor", ...} or a schemaVersion starting
// "wi-doctor.bundle"; its "time" is when the bundle was collected.
bool is_bundle_manifest(const nlohmann::json& j);

}  // namespace wid
