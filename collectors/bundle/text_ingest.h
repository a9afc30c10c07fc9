// A file read whole (PEM, JWT, env, YAML, JSON; within the structured-file limit) turned into
// typed evidence, or into the reason it could not be. Kept apart from ingest.cc, which deals with
// bytes, gzip and archives, so each says one thing.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "analyzer/model/evidence.h"
#include "collectors/bundle/sniff.h"
#include "collectors/parse/token_verify.h"

namespace wid {

struct TextOutcome {
  enum class Kind {
    kTyped,       // typed evidence was filed; `type` says what the file is
    kPlainText,   // not what it looked like: read it as a plain log after all
    kUnreadable,  // a parse error or a limit; `error` says which, with its location
  };
  Kind kind = Kind::kTyped;
  std::string type;
  std::string detail;
  std::string error;
  // kTyped: the text also goes to the log scanner (Kubernetes objects carry status messages and
  // Events; an unknown JSON may be a saved error response).
  bool scan_as_text = false;
  // With scan_as_text: the file's string values, unescaped, on their own lines (value_text.h);
  // null when the file's own lines are what to scan.
  std::shared_ptr<const std::string> scan_text;
};

// named_structured: the file's name ends in .yaml/.yml/.json, so a parse failure is worth
// reporting rather than reading the text as a log. pending receives the signed parts of every
// token filed, for the signature check once all keys are read (nullptr: tokens stay unchecked).
TextOutcome ingest_text(const Sniffed& sniffed, bool named_structured, std::string_view text,
                        const std::string& path, EvidenceStore& store,
                        PendingSignatures* pending = nullptr);

}  // namespace wid
