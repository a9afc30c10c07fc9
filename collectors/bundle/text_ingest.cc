#include "collectors/bundle/text_ingest.h"

#include <algorithm>
#include <memory>
#include <set>
#include <vector>

#include "analyzer/model/text.h"
#include "collectors/bundle/structured_ingest.h"
#include "collectors/bundle/value_text.h"
#include "collectors/parse/json_loader.h"
#include "collectors/parse/parse_env.h"
#include "collectors/parse/parse_jwt.h"
#include "collectors/parse/parse_pem.h"
#include "collectors/parse/yaml_loader.h"

namespace wid {
namespace {

TextOutcome unreadable(std::string type, std::string error) {
  TextOutcome o;
  o.kind = TextOutcome::Kind::kUnreadable;
  o.type = std::move(type);
  o.error = std::move(error);
  return o;
}

TextOutcome plain_text() {
  TextOutcome o;
  o.kind = TextOutcome::Kind::kPlainText;
  return o;
}

TextOutcome typed(std::string type, std::string detail, bool scan_as_text = false) {
  TextOutcome o;
  o.type = std::move(type);
  o.detail = std::move(detail);
  o.scan_as_text = scan_as_text;
  return o;
}

TextOutcome pem(std::string_view text, const std::string& path, EvidenceStore& store) {
  auto keys = parse_pem(text, SourceRef{path, 0, ""});
  if (!keys) return unreadable("pem", keys.error().message);
  std::string list;
  for (const auto& k : *keys) {
    if (!list.empty()) list += ", ";
    list += k.pem_type;
    if (!k.kid.empty()) list += " (kid " + k.kid + ")";
  }
  std::string type = pem_file_type(*keys);
  for (auto& k : *keys) store.keys.push_back(std::move(k));
  return typed(type.empty() ? "unrecognized" : type, list);
}

TextOutcome jwt(std::string_view text, const std::string& path, EvidenceStore& store,
                PendingSignatures* pending) {
  JwsParts parts;
  auto t = parse_jwt(text, SourceRef{path, 0, ""}, &parts);
  if (!t) return unreadable("jwt", t.error().message);
  auto sub = t->claims.find("sub");
  std::string detail =
      sub != t->claims.end() && sub->is_string()
          ? "token for " + escape_controls(truncate_utf8(sub->get<std::string>(), 200))
          : std::string("token");
  detail += ", fingerprint " + t->fingerprint;
  if (pending != nullptr && t->signature.empty()) pending->add(store.tokens.size(), parts);
  store.tokens.push_back(std::move(*t));
  return typed("jwt", detail);
}

TextOutcome env(std::string_view text, const std::string& path, EvidenceStore& store) {
  Settings st = parse_env(text, SourceRef{path, 0, ""});
  std::string detail = std::to_string(st.values.size()) + " variables";
  store.settings.push_back(std::move(st));
  return typed("env", detail);
}

TextOutcome structured(const Sniffed& s, bool named_structured, std::string_view text,
                       const std::string& path, EvidenceStore& store, PendingSignatures* pending) {
  // Text that merely looks like YAML or JSON (kubectl describe output, `[INFO] ...`) is read as
  // text when it does not parse. Limits and alias cycles are YAML/JSON constructs no log line
  // has, and a file named .yaml/.json was meant to parse: those are always reported. A `*` at
  // the start of a line is no such construct: Terraform prints its errors as `* provider…: …`,
  // which YAML reads as an alias to nothing.
  auto read_as_text_instead = [&](const Error& e) {
    return !s.certain && !named_structured && e.code == ErrorCode::kParse &&
           e.message.find("alias cycle") == std::string::npos;
  };
  std::vector<StructuredDocument> docs;
  std::vector<std::string> warnings;
  if (s.type == "json") {
    // The ingestor already held the file to --limit file-bytes, which may be above the default.
    JsonLimits lim;
    lim.max_bytes = std::max(lim.max_bytes, text.size());
    auto j = load_json(text, lim);
    if (!j)
      return read_as_text_instead(j.error()) ? plain_text() : unreadable("json", j.error().message);
    StructuredDocument d;
    d.value = std::move(j->value);
    docs.push_back(std::move(d));
    warnings = std::move(j->warnings);
  } else {
    YamlLimits lim;
    lim.max_bytes = std::max(lim.max_bytes, text.size());
    auto y = load_yaml(text, lim);
    if (!y)
      return read_as_text_instead(y.error()) ? plain_text() : unreadable("yaml", y.error().message);
    docs = std::move(y->documents);
    warnings = std::move(y->warnings);
  }
  StructuredOutcome o = ingest_documents(docs, path, store, pending);
  for (const auto& w : warnings) append_clause(o.detail, w);
  // The values are scanned, never the file's lines: a key or a number is no error text, and an
  // annotation holding a copy of the object (last-applied-configuration) would say again what the
  // object says, not what failed.
  static const std::set<std::string> kNotText = {"annotations", "managedFields"};
  auto values = [&] {
    return std::make_shared<const std::string>(s.type == "json" ? json_values_text(text, kNotText)
                                                                : yaml_values_text(docs, kNotText));
  };
  if (!o.type.empty()) {
    TextOutcome t = typed(o.type, o.detail, o.scan_as_text);
    if (t.scan_as_text) t.scan_text = values();
    return t;
  }
  // YAML-looking text of no known shape (kubectl describe output, notes): plain text.
  if (s.type == "yaml") return plain_text();
  // JSON of no known shape: listed as such, and its string values still searched for error
  // messages (a saved ARM error response or token-endpoint answer is exactly that).
  append_clause(o.detail, "no known JSON shape; its string values are scanned for error messages");
  TextOutcome t = typed("unrecognized", o.detail, /*scan_as_text=*/true);
  t.scan_text = values();
  return t;
}

}  // namespace

TextOutcome ingest_text(const Sniffed& sniffed, bool named_structured, std::string_view text,
                        const std::string& path, EvidenceStore& store, PendingSignatures* pending) {
  if (starts_with(text, "\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 BOM
  switch (sniffed.family) {
    case FileFamily::kPem:
      return pem(text, path, store);
    case FileFamily::kJwt:
      return jwt(text, path, store, pending);
    case FileFamily::kEnv:
      return env(text, path, store);
    case FileFamily::kStructured:
      return structured(sniffed, named_structured, text, path, store, pending);
    default:
      return plain_text();
  }
}

}  // namespace wid
