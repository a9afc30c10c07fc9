#include "collectors/bundle/ingest.h"

#include <openssl/crypto.h>

#include "analyzer/model/limits.h"
#include "analyzer/model/text.h"
#include "collectors/bundle/archive_reader.h"
#include "collectors/bundle/file_source.h"
#include "collectors/bundle/gzip_source.h"
#include "collectors/bundle/member_path.h"
#include "collectors/bundle/memory_source.h"
#include "collectors/bundle/sniff.h"
#include "collectors/bundle/structured_ingest.h"
#include "collectors/parse/digest.h"
#include "collectors/parse/json_loader.h"
#include "collectors/parse/parse_env.h"
#include "collectors/parse/parse_jwt.h"
#include "collectors/parse/parse_pem.h"
#include "collectors/parse/yaml_loader.h"

namespace wid {
namespace {

// Archives inside the input are read one level deep: a bundle .tar.gz holding a node's logs
// tarball is common; deeper nesting is not, and each level multiplies memory.
constexpr int kMaxArchiveDepth = 1;

void append(std::string& s, const std::string& part) {
  if (part.empty()) return;
  if (!s.empty()) s += "; ";
  s += part;
}

// Reads up to cap bytes of a source; error when the read fails before cap or EOF.
Result<std::string> read_up_to(const ChunkSource& src, size_t cap) {
  auto r = src.open();
  if (!r) return r.error();
  std::string out;
  std::string block(std::min<size_t>(cap, limits::kReadBlockBytes), '\0');
  while (out.size() < cap) {
    auto n = (*r)->read(block.data(), std::min(block.size(), cap - out.size()));
    if (!n) return n.error();
    if (*n == 0) break;
    out.append(block.data(), *n);
  }
  return out;
}

std::string mib(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / limits::kMiB);
  return buf;
}

const char* log_format(const std::string& type) {
  if (type == "log/klog") return "klog";
  if (type == "log/json") return "json";
  if (type == "log/cri") return "cri";
  return "plain";
}

}  // namespace

void Ingestor::add_disk_file(const std::string& path, const std::string& fs_path,
                             int archive_depth) {
  InputFile in;
  in.path = path;
  auto src = FileSource::create(fs_path);
  if (!src) {
    in.type = "skipped";
    in.status = src.error().code == ErrorCode::kUnreadable ? "skipped" : "unreadable";
    in.error = src.error().message;
    store_.inputs.push_back(std::move(in));
    return;
  }
  in.size = (*src)->size();
  ingest(std::move(in), *src, fs_path, nullptr, archive_depth);
}

void Ingestor::add_memory_file(const std::string& path, std::shared_ptr<const std::string> data,
                               int archive_depth, bool truncated) {
  InputFile in;
  in.path = path;
  in.size = data->size();
  if (truncated) {
    in.error = "the archive ends inside this file; the " + std::to_string(data->size()) +
               " bytes before that are read";
  }
  auto src = std::make_shared<MemorySource>(data);
  ingest(std::move(in), src, "", std::move(data), archive_depth);
}

void Ingestor::add_skipped(const std::string& path, const std::string& reason, bool unsafe) {
  InputFile in;
  in.path = to_utf8(path);
  in.type = "skipped";
  in.status = "skipped";
  in.error = reason;
  if (unsafe) store_.unreadable.push_back({SourceRef{in.path, 0, ""}, "archive-entry", reason});
  store_.inputs.push_back(std::move(in));
}

void Ingestor::add_problem(const std::string& path, const std::string& type,
                           const std::string& message) {
  store_.unreadable.push_back({SourceRef{path, 0, ""}, type, message});
  problems_.push_back(path.empty() ? message : path + ": " + message);
}

void Ingestor::add_archive_members(const std::string& prefix, const std::string& fs_path,
                                   std::shared_ptr<const std::string> data, int archive_depth) {
  ArchiveVisitor v;
  v.on_file = [&](ArchiveFile f) {
    add_memory_file(join_path(prefix, f.path), std::move(f.data), archive_depth, f.truncated);
  };
  v.on_skip = [&](ArchiveSkip s) { add_skipped(join_path(prefix, s.name), s.reason, s.unsafe); };
  auto r = fs_path.empty() ? read_archive_memory(std::move(data), v) : read_archive_file(fs_path, v);
  if (!r) {
    add_problem(prefix, "archive", r.error().message);
    return;
  }
  if (r->error) add_problem(prefix, "archive", r->error->message);
}

void Ingestor::ingest(InputFile in, std::shared_ptr<const ChunkSource> raw,
                      const std::string& fs_path, std::shared_ptr<const std::string> whole,
                      int archive_depth) {
  auto unreadable = [&](const std::string& type, const std::string& message) {
    in.type = type;
    in.status = "unreadable";
    append(in.error, message);
    store_.unreadable.push_back({SourceRef{in.path, 0, ""}, type, message});
    store_.inputs.push_back(std::move(in));
  };

  // 1. Bytes as stored: hash all of them; keep the whole file only when it is small enough to be
  // a structured file (a big log is streamed, never held).
  std::string head;     // first kSniffBytes as stored
  std::string content;  // whole file when small (disk files); archive members use `whole`
  {
    auto reader = raw->open();
    if (!reader) return unreadable("unreadable", reader.error().message);
    Sha256 hash;
    const bool keep = whole == nullptr && raw->size() <= limits::kMaxStructuredFileBytes;
    if (whole != nullptr) {
      hash.update(*whole);
      head = whole->substr(0, limits::kSniffBytes);
    } else {
      std::string block(limits::kReadBlockBytes, '\0');
      while (true) {
        auto n = (*reader)->read(block.data(), block.size());
        if (!n) return unreadable("unreadable", n.error().message);
        if (*n == 0) break;
        std::string_view got(block.data(), *n);
        hash.update(got);
        if (head.size() < limits::kSniffBytes)
          head.append(got.substr(0, limits::kSniffBytes - head.size()));
        if (keep) content.append(got);
      }
    }
    in.sha256 = hash.hex_digest();
  }
  std::string_view bytes = whole != nullptr ? std::string_view(*whole) : std::string_view(content);
  const bool have_all = whole != nullptr || raw->size() <= limits::kMaxStructuredFileBytes;

  // 2. Through gzip, and into nested archives.
  std::shared_ptr<const ChunkSource> source = raw;
  std::string sniff_head = head;
  bool gzipped = false;
  std::string gzip_error;
  if (has_gzip_magic(head)) {
    gzipped = true;
    source = std::make_shared<GzipSource>(raw);
    auto h = read_up_to(*source, limits::kSniffBytes);
    if (h) {
      sniff_head = std::move(*h);
    } else {
      gzip_error = h.error().message;
      // What came before the damage still counts: read it again without the error.
      sniff_head.clear();
      auto rd = source->open();
      if (rd) {
        std::string block(limits::kSniffBytes, '\0');
        while (sniff_head.size() < limits::kSniffBytes) {
          auto n = (*rd)->read(block.data(), limits::kSniffBytes - sniff_head.size());
          if (!n || *n == 0) break;
          sniff_head.append(block.data(), *n);
        }
      }
    }
  }
  if (is_tar_header(sniff_head)) {
    in.type = "archive";
    if (archive_depth >= kMaxArchiveDepth) {
      in.status = "skipped";
      in.error = "archive inside an archive (only one level of nesting is read)";
      store_.inputs.push_back(std::move(in));
      return;
    }
    in.detail = gzipped ? "tar.gz archive, members listed under this path" :
                          "tar archive, members listed under this path";
    const std::string prefix = in.path;
    store_.inputs.push_back(std::move(in));
    add_archive_members(prefix, fs_path, whole, archive_depth + 1);
    return;
  }
  if (gzipped) append(in.detail, "gzip-compressed");
  // A damaged gzip stream still gives the data before the damage; for a log that is worth
  // scanning, and the damage is reported all the same.
  auto note_gzip_error = [&]() {
    if (gzip_error.empty()) return;
    append(in.error, gzip_error + "; the data before it is read");
    store_.unreadable.push_back({SourceRef{in.path, 0, ""}, "gzip", gzip_error});
  };

  // 3. What is it? The content decides. The name only decides whether a file that fails to
  // parse is worth a warning: text that merely looks like YAML is read as text, but a file the
  // user named .yaml/.json that does not parse is reported as unreadable.
  Sniffed s = sniff(in.path, sniff_head);
  const std::string lower = to_lower_ascii(in.path);
  const bool json_name = ends_with(lower, ".json") || ends_with(lower, ".json.gz");
  const bool named_structured = json_name || ends_with(lower, ".yaml") ||
                                ends_with(lower, ".yml") || ends_with(lower, ".yaml.gz");
  if (s.family == FileFamily::kLog && s.type == "log/plain" && !s.certain && named_structured) {
    s.family = FileFamily::kStructured;
    s.type = json_name ? "json" : "yaml";
    s.certain = false;
  }
  // Limits and alias cycles are YAML/JSON constructs no log line has: always a finding.
  auto read_as_text_instead = [&](const Error& e) {
    return !s.certain && !named_structured && e.code == ErrorCode::kParse &&
           e.message.find("alias") == std::string::npos;
  };
  auto add_log = [&](const std::string& type, const std::string& format) {
    LogSource log;
    log.source = SourceRef{in.path, 0, ""};
    log.component = s.component.empty() ? log_component(in.path) : s.component;
    log.format = format;
    log.cri = format == "cri";
    log.content = source;
    store_.logs.push_back(std::move(log));
    in.type = type;
    append(in.detail, "component " + (s.component.empty() ? log_component(in.path) : s.component));
  };
  auto finish = [&]() { store_.inputs.push_back(std::move(in)); };

  switch (s.family) {
    case FileFamily::kEmpty:
      in.type = "empty";
      append(in.detail, s.note);
      note_gzip_error();
      return finish();
    case FileFamily::kBinary:
      in.type = "binary";
      in.status = "skipped";
      append(in.error, "binary content (" + s.note + ")");
      return finish();
    case FileFamily::kLog:
      add_log(s.type, log_format(s.type));
      note_gzip_error();
      return finish();
    case FileFamily::kUnrecognized:
      in.type = "unrecognized";
      return finish();
    default: break;
  }
  if (!gzip_error.empty()) return unreadable(s.type, gzip_error);

  // 4. Everything else is read whole, within the structured-file limit.
  std::string inflated;
  if (gzipped) {
    auto t = read_up_to(*source, limits::kMaxStructuredFileBytes + 1);
    if (!t) return unreadable(s.type, t.error().message);
    inflated = std::move(*t);
    bytes = inflated;
  }
  const bool too_big = gzipped ? inflated.size() > limits::kMaxStructuredFileBytes : !have_all;
  if (too_big) {
    if (s.family == FileFamily::kStructured && !s.certain && !named_structured) {
      add_log("log/plain", "plain");
      return finish();
    }
    const std::string what = s.family == FileFamily::kStructured ? "YAML/JSON" : s.type;
    return unreadable(s.type, (gzipped ? "decompressed content is over "
                                       : "file is " + mib(raw->size()) + ", over ") +
                                  std::string("the ") + mib(limits::kMaxStructuredFileBytes) +
                                  " limit for " + what + " files");
  }
  std::string_view text = bytes;
  if (starts_with(text, "\xEF\xBB\xBF")) text.remove_prefix(3);

  if (s.family == FileFamily::kPem) {
    auto keys = parse_pem(text, SourceRef{in.path, 0, ""});
    if (!keys) return unreadable("pem", keys.error().message);
    in.type = pem_file_type(*keys);
    std::string list;
    for (const auto& k : *keys) {
      if (!list.empty()) list += ", ";
      list += k.pem_type;
      if (!k.kid.empty()) list += " (kid " + k.kid + ")";
    }
    append(in.detail, list);
    if (in.type.empty()) in.type = "unrecognized";
    const bool is_private = in.type == "pem/private-key";
    for (auto& k : *keys) store_.keys.push_back(std::move(k));
    if (is_private && !content.empty()) OPENSSL_cleanse(content.data(), content.size());
    return finish();
  }
  if (s.family == FileFamily::kJwt) {
    auto t = parse_jwt(text, SourceRef{in.path, 0, ""});
    if (!t) return unreadable("jwt", t.error().message);
    in.type = "jwt";
    std::string sub = t->claims.contains("sub") && t->claims["sub"].is_string()
                          ? t->claims["sub"].get<std::string>()
                          : "";
    append(in.detail, (sub.empty() ? std::string("token") : "token for " +
                                         escape_controls(truncate_utf8(to_utf8(sub), 200))) +
                          ", fingerprint " + t->fingerprint);
    store_.tokens.push_back(std::move(*t));
    return finish();
  }
  if (s.family == FileFamily::kEnv) {
    Settings st = parse_env(text, SourceRef{in.path, 0, ""});
    in.type = "env";
    append(in.detail, std::to_string(st.values.size()) + " variables");
    store_.settings.push_back(std::move(st));
    return finish();
  }

  // YAML or JSON.
  std::vector<StructuredDocument> docs;
  std::vector<std::string> warnings;
  if (s.type == "json") {
    auto j = load_json(text);
    if (!j) {
      if (read_as_text_instead(j.error())) {
        add_log("log/plain", "plain");
        return finish();
      }
      return unreadable("json", j.error().message);
    }
    StructuredDocument d;
    d.value = std::move(j->value);
    docs.push_back(std::move(d));
    warnings = std::move(j->warnings);
  } else {
    auto y = load_yaml(text);
    if (!y) {
      if (read_as_text_instead(y.error())) {
        add_log("log/plain", "plain");
        return finish();
      }
      return unreadable("yaml", y.error().message);
    }
    docs = std::move(y->documents);
    warnings = std::move(y->warnings);
  }
  StructuredOutcome o = ingest_documents(docs, in.path, store_);
  for (const auto& w : warnings) append(o.detail, w);
  if (o.type.empty()) {
    if (s.type == "yaml") {
      // YAML-looking text of no known shape (kubectl describe output, notes): read as text.
      add_log("log/plain", "plain");
      return finish();
    }
    // JSON of no known shape: listed as such, and its text still searched for error messages
    // (a saved ARM error response or token-endpoint answer is exactly that).
    in.type = "unrecognized";
    append(in.detail, "no known JSON shape; its text is scanned for error messages");
    LogSource log{SourceRef{in.path, 0, ""}, log_component(in.path), "plain", false, source};
    store_.logs.push_back(std::move(log));
    return finish();
  }
  in.type = o.type;
  append(in.detail, o.detail);
  if (o.scan_as_text) {
    store_.logs.push_back(LogSource{SourceRef{in.path, 0, ""}, log_component(in.path), "plain",
                                    false, source});
  }
  finish();
}

}  // namespace wid
