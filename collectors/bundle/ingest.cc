#include "collectors/bundle/ingest.h"

#include <openssl/crypto.h>

#include <filesystem>

#include "analyzer/model/limits.h"
#include "analyzer/model/text.h"
#include "collectors/bundle/archive_reader.h"
#include "collectors/bundle/file_source.h"
#include "collectors/bundle/gzip_source.h"
#include "collectors/bundle/member_path.h"
#include "collectors/bundle/memory_source.h"
#include "collectors/bundle/sniff.h"
#include "collectors/bundle/text_ingest.h"
#include "collectors/parse/digest.h"

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
    // The walk already set symlinks and special files aside: this is an I/O failure (permission
    // denied) or a file replaced while we looked.
    in.type = "unreadable";
    in.status = "unreadable";
    in.error = src.error().message;
    store_.unreadable.push_back({SourceRef{in.path, 0, ""}, "file", in.error});
    store_.inputs.push_back(std::move(in));
    return;
  }
  in.size = (*src)->size();
  if (!options_.source_root.empty()) {
    // Lexical is enough: the walk hands us canonical paths and never follows a symlink.
    const std::string rel =
        std::filesystem::path(fs_path).lexically_relative(options_.source_root).generic_string();
    if (!rel.empty() && rel != "." && rel.rfind("..", 0) != 0) in.source_path = to_utf8(rel);
  }
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
  auto r =
      fs_path.empty() ? read_archive_memory(std::move(data), v) : read_archive_file(fs_path, v);
  if (!r) {
    add_problem(prefix, "archive", r.error().message);
    return;
  }
  if (r->error) add_problem(prefix, "archive", r->error->message);
}

namespace {

// The bytes as stored, hashed in full; the whole file kept only when it is small enough to be a
// structured file (a big log is streamed, never held).
struct Stored {
  std::string sha256;
  std::string content;  // whole file when small (disk files); archive members use their own data
};

Result<Stored> read_stored(const ChunkSource& raw, const std::string* whole) {
  Stored st;
  Sha256 hash;
  if (whole != nullptr) {
    hash.update(*whole);
    st.sha256 = hash.hex_digest();
    return st;
  }
  auto reader = raw.open();
  if (!reader) return reader.error();
  const bool keep = raw.size() <= limits::kMaxStructuredFileBytes;
  std::string block(limits::kReadBlockBytes, '\0');
  while (true) {
    auto n = (*reader)->read(block.data(), block.size());
    if (!n) return n.error();
    if (*n == 0) break;
    std::string_view got(block.data(), *n);
    hash.update(got);
    if (keep) st.content.append(got);
  }
  st.sha256 = hash.hex_digest();
  return st;
}

// The content as the sniffers and parsers see it: through gzip when the bytes say so.
struct Decoded {
  std::shared_ptr<const ChunkSource> source;
  std::string head;  // first kSniffBytes of the content
  bool gzipped = false;
  std::string gzip_error;  // the stream broke inside the head; head holds what came before
};

Decoded decode(std::shared_ptr<const ChunkSource> raw, const std::string& stored_head) {
  Decoded d;
  if (!has_gzip_magic(stored_head)) {
    d.source = std::move(raw);
    d.head = stored_head;
    return d;
  }
  d.gzipped = true;
  d.source = std::make_shared<GzipSource>(std::move(raw));
  auto rd = d.source->open();
  if (!rd) {
    d.gzip_error = rd.error().message;
    return d;
  }
  std::string block(limits::kSniffBytes, '\0');
  while (d.head.size() < limits::kSniffBytes) {
    auto n = (*rd)->read(block.data(), limits::kSniffBytes - d.head.size());
    if (!n) {
      d.gzip_error = n.error().message;
      break;
    }
    if (*n == 0) break;
    d.head.append(block.data(), *n);
  }
  return d;
}

}  // namespace

void Ingestor::ingest(InputFile in, std::shared_ptr<const ChunkSource> raw,
                      const std::string& fs_path, std::shared_ptr<const std::string> whole,
                      int archive_depth) {
  auto finish = [&]() { store_.inputs.push_back(std::move(in)); };
  auto unreadable = [&](const std::string& type, const std::string& message) {
    in.type = type;
    in.status = "unreadable";
    append(in.error, message);
    store_.unreadable.push_back({SourceRef{in.path, 0, ""}, type, message});
    finish();
  };

  // The head decides what the file is; only then is it read whole (hashed, and kept when small).
  std::string head;
  if (whole != nullptr) {
    head = whole->substr(0, limits::kSniffBytes);
  } else {
    auto h = read_up_to(*raw, limits::kSniffBytes);
    if (!h) return unreadable("unreadable", h.error().message);
    head = std::move(*h);
  }
  Decoded content = decode(raw, head);
  Stored stored;
  auto read_whole = [&]() -> bool {
    auto st = read_stored(*raw, whole.get());
    if (!st) {
      unreadable("unreadable", st.error().message);
      return false;
    }
    stored = std::move(*st);
    in.sha256 = stored.sha256;
    return true;
  };

  // An archive inside the input: its members are read under its path, one level deep.
  if (is_tar_header(content.head)) {
    if (!read_whole()) return;
    in.type = "archive";
    if (archive_depth >= kMaxArchiveDepth) {
      in.status = "skipped";
      in.error = "archive inside an archive (only one level of nesting is read)";
      return finish();
    }
    in.detail = content.gzipped ? "tar.gz archive, members listed under this path"
                                : "tar archive, members listed under this path";
    const std::string prefix = in.path;
    finish();
    return add_archive_members(prefix, fs_path, whole, archive_depth + 1);
  }
  if (content.gzipped) append(in.detail, "gzip-compressed");

  // What is it? The content decides. The name only decides whether a file that fails to parse
  // is worth a warning: text that merely looks like YAML is read as text, but a file the user
  // named .yaml/.json that does not parse is reported as unreadable.
  Sniffed s = sniff(in.path, content.head);
  const std::string lower = to_lower_ascii(in.path);
  const bool json_name = ends_with(lower, ".json") || ends_with(lower, ".json.gz");
  const bool named_structured = json_name || ends_with(lower, ".yaml") ||
                                ends_with(lower, ".yml") || ends_with(lower, ".yaml.gz");
  if (s.family == FileFamily::kLog && s.type == "log/plain" && !s.certain && named_structured) {
    s.family = FileFamily::kStructured;
    s.type = json_name ? "json" : "yaml";
  }

  if (s.family == FileFamily::kLog && raw->size() > limits::kMaxHashedLogBytes &&
      !options_.hash_all) {
    append(in.detail, "not hashed: a log over " + mib(limits::kMaxHashedLogBytes) +
                          " (--hash-all hashes it)");
  } else if (!read_whole()) {
    return;
  }

  const std::string component = s.component.empty() ? log_component(in.path) : s.component;
  auto scan = [&](const std::string& format) {
    store_.logs.push_back(
        LogSource{SourceRef{in.path, 0, ""}, component, format, format == "cri", content.source});
  };
  auto as_log = [&](const std::string& type) {
    scan(log_format(type));
    in.type = type;
    append(in.detail, "component " + component);
    // A damaged gzip stream still gives the lines before the damage: they are scanned, and the
    // damage is reported all the same.
    if (!content.gzip_error.empty()) {
      append(in.error, content.gzip_error + "; the data before it is read");
      store_.unreadable.push_back({SourceRef{in.path, 0, ""}, "gzip", content.gzip_error});
    }
    finish();
  };

  switch (s.family) {
    case FileFamily::kEmpty:
      in.type = "empty";
      append(in.detail, s.note);
      if (!content.gzip_error.empty()) return unreadable("empty", content.gzip_error);
      return finish();
    case FileFamily::kBinary:
      in.type = "binary";
      in.status = "skipped";
      append(in.error, "binary content (" + s.note + ")");
      return finish();
    case FileFamily::kLog:
      return as_log(s.type);
    case FileFamily::kUnrecognized:
      in.type = "unrecognized";
      return finish();
    default:
      break;
  }
  if (!content.gzip_error.empty()) return unreadable(s.type, content.gzip_error);

  // Everything else is read whole, within the structured-file limit.
  std::string inflated;
  std::string_view text = whole != nullptr ? std::string_view(*whole) : stored.content;
  bool too_big = whole == nullptr && raw->size() > limits::kMaxStructuredFileBytes;
  if (content.gzipped) {
    auto t = read_up_to(*content.source, limits::kMaxStructuredFileBytes + 1);
    if (!t) return unreadable(s.type, t.error().message);
    inflated = std::move(*t);
    text = inflated;
    too_big = inflated.size() > limits::kMaxStructuredFileBytes;
  }
  if (too_big) {
    if (s.family == FileFamily::kStructured && !s.certain && !named_structured)
      return as_log("log/plain");
    const std::string what = s.family == FileFamily::kStructured ? "YAML/JSON" : s.type;
    return unreadable(s.type, (content.gzipped ? "decompressed content is over "
                                               : "file is " + mib(raw->size()) + ", over ") +
                                  std::string("the ") + mib(limits::kMaxStructuredFileBytes) +
                                  " limit for " + what + " files");
  }

  TextOutcome o = ingest_text(s, named_structured, text, in.path, store_, &pending_);
  if (o.type == "pem/private-key" || o.type == "jwt") {
    // The key was only decoded to name its public half, the token to read its claims (its signed
    // parts wait in pending_): their bytes leave memory now.
    OPENSSL_cleanse(stored.content.data(), stored.content.size());
    OPENSSL_cleanse(inflated.data(), inflated.size());
  }
  switch (o.kind) {
    case TextOutcome::Kind::kPlainText:
      return as_log("log/plain");
    case TextOutcome::Kind::kUnreadable:
      return unreadable(o.type, o.error);
    case TextOutcome::Kind::kTyped:
      break;
  }
  in.type = o.type;
  append(in.detail, o.detail);
  if (o.scan_as_text) scan("plain");
  finish();
}

}  // namespace wid
