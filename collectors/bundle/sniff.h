// Content sniffers: classify a file by its bytes, not its name (a misleadingly named file is
// classified by what it holds). Types are stable strings shown in the report's `inputs`.
#pragma once

#include <string>
#include <string_view>

namespace wid {

enum class FileFamily {
  kLog,         // scanned by the log scanner
  kStructured,  // YAML or JSON: parsed into typed evidence
  kPem,         // PEM keys / certificates
  kJwt,         // a bare compact JWS
  kEnv,         // export AZURE_...= lines
  kEmpty,
  kBinary,
  kUnrecognized,
};

struct Sniffed {
  FileFamily family = FileFamily::kUnrecognized;
  std::string type;  // e.g. "log/klog", "log/json", "log/cri", "log/plain", "yaml", "json",
                     // "pem", "jwt", "env", "empty", "binary", "unrecognized"
  // For logs: capz-manager | aso | webhook | kube-apiserver | workload | unknown.
  std::string component;
  // For "yaml"/"json": whether the bytes carry clear structure markers (a leading `{`, `---`,
  // apiVersion + kind). When they do, a parse failure is an unreadable input; when they do not
  // (`Name:   foo` from kubectl describe, `[2024-...] msg`), the file is read as plain text.
  // For "log/plain": false when nothing but the absence of structure made it a log (no
  // timestamps either).
  bool certain = true;
  std::string note;  // why, for binary and empty files (e.g. "NUL byte at offset 12")
};

// head: the first limits::kSniffBytes of the (decompressed) content; path: relative path, used only
// to name the log component (pod names carry it) never to decide the family.
Sniffed sniff(std::string_view path, std::string_view head);

// The component a log belongs to, from its path (sniff.cc says how).
std::string log_component(std::string_view path);

}  // namespace wid
