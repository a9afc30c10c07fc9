#include "collectors/bundle/ingest.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>

#include "analyzer/model/limit_table.h"
#include "analyzer/model/limits.h"
#include "analyzer/model/memory_source.h"
#include "analyzer/model/text.h"
#include "collectors/bundle/archive_reader.h"
#include "collectors/bundle/file_source.h"
#include "collectors/bundle/gzip_source.h"
#include "collectors/bundle/hashing_source.h"
#include "collectors/bundle/member_path.h"
#include "collectors/bundle/prefix_source.h"
#include "collectors/bundle/sniff.h"
#include "collectors/bundle/text_ingest.h"
#include "collectors/bundle/text_source.h"
#include "collectors/parse/digest.h"

namespace wid {
namespace {

// Archives inside the input are read one level deep: a bundle .tar.gz holding a node's logs
// tarball is common; deeper nesting is not, and each level multiplies memory.
constexpr int kMaxArchiveDepth = 1;

// A read buffer for a source: no bigger than the source (a bundle of many small files would
// otherwise clear a megabyte per file), never zeroed. A compressed source's size is its stored
// size; the reader then simply takes more blocks.
struct ReadBlock {
  explicit ReadBlock(uint64_t source_size, size_t cap = limits::kReadBlockBytes)
      : size(static_cast<size_t>(std::clamp<uint64_t>(source_size + 1, 4096, cap))),
        data(std::make_unique_for_overwrite<char[]>(size)) {}
  size_t size;
  std::unique_ptr<char[]> data;
};

// Reads up to cap bytes of a source; error when the read fails before cap or EOF.
Result<std::string> read_up_to(const ChunkSource& src, size_t cap) {
  auto r = src.open();
  if (!r) return r.error();
  std::string out;
  ReadBlock block(src.size(), std::min<size_t>(cap, limits::kReadBlockBytes));
  while (out.size() < cap) {
    auto n = (*r)->read(block.data.get(), std::min(block.size, cap - out.size()));
    if (!n) return n.error();
    if (*n == 0) break;
    out.append(block.data.get(), *n);
  }
  return out;
}

std::string mib(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / limits::kMiB);
  return buf;
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
    in.status = InputStatus::kUnreadable;
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
  in.status = InputStatus::kSkipped;
  in.error = reason;
  if (unsafe) store_.unreadable.push_back({SourceRef{in.path, 0, ""}, "archive-entry", reason});
  store_.inputs.push_back(std::move(in));
}

void Ingestor::add_problem(const std::string& path, const std::string& type,
                           const std::string& message) {
  store_.unreadable.push_back({SourceRef{path, 0, ""}, type, message});
  problems_.push_back(path.empty() ? message : path + ": " + message);
}

void Ingestor::add_limit(const std::string& path, const std::string& limit, const std::string& flag,
                         const std::string& detail) {
  store_.limits_reached.push_back({SourceRef{path, 0, ""}, limit, flag, detail});
  problems_.push_back((path.empty() ? "" : path + ": ") + detail);
}

uint64_t Ingestor::budget_for(uint64_t size) const {
  if (budget_spent()) return 0;
  return std::min(size, options_.max_total_bytes - total_read_);
}

void Ingestor::charge(const std::string& path, uint64_t size, uint64_t read) {
  total_read_ += read;
  if (read == size) return;
  if (!budget_spent()) {
    total_limit_at_ = store_.limits_reached.size();
    store_.limits_reached.push_back(
        {SourceRef{path, 0, ""}, "total bytes", limit_option(Limit::kTotalBytes), ""});
    problems_.push_back(path + ": the limit on bytes read from all inputs was reached here");
    total_unread_bytes_ = size - read;
    std::string& d = store_.limits_reached.back().detail;
    d = "the " + format_limit_value(Limit::kTotalBytes, options_.max_total_bytes) +
        " limit on bytes read from all inputs was reached in this file: " +
        (read > 0 ? "the first " + std::to_string(read) + " of its " + std::to_string(size) +
                        " bytes were read, " + std::to_string(size - read) + " were not"
                  : "none of its " + std::to_string(size) + " bytes were read");
    return;
  }
  // An input after the one that spent the budget: counted, never opened.
  ++total_unread_inputs_;
  total_unread_bytes_ += size - read;
  std::string& d = store_.limits_reached[total_limit_at_].detail;
  d = d.substr(0, d.find("; and ")) + "; and " + std::to_string(total_unread_inputs_) +
      (total_unread_inputs_ == 1 ? " input after it was" : " inputs after it were") +
      " not read (" + std::to_string(total_unread_bytes_) + " bytes not read in all)";
}

void Ingestor::add_archive_members(const std::string& prefix, const std::string& fs_path,
                                   const std::shared_ptr<const std::string>& data,
                                   int archive_depth) {
  ArchiveVisitor v;
  v.on_file = [&](ArchiveFile f) {
    add_memory_file(join_path(prefix, f.path), std::move(f.data), archive_depth, f.truncated);
  };
  v.on_skip = [&](const ArchiveSkip& s) { add_archive_skip(join_path(prefix, s.name), s); };
  auto r = fs_path.empty() ? read_archive_memory(data, v, options_.archive)
                           : read_archive_file(fs_path, v, options_.archive);
  if (!r) {
    add_problem(prefix, "archive", r.error().message);
    return;
  }
  if (r->error) add_archive_error(prefix, *r->error);
}

void Ingestor::add_archive_skip(const std::string& path, const ArchiveSkip& s) {
  add_skipped(path, s.reason, s.unsafe);
  if (s.over_limit)
    add_limit(to_utf8(path), "archive entry bytes", limit_option(Limit::kArchiveEntryBytes),
              s.reason + "; none of it was read");
}

void Ingestor::add_archive_error(const std::string& path, const Error& e) {
  // archive_reader stops early at two bounds: entries, or bytes of all entries.
  const bool entries = e.message.find(" entries;") != std::string::npos;
  if (e.code == ErrorCode::kLimit)
    add_limit(path, entries ? "archive entries" : "archive bytes",
              limit_option(entries ? Limit::kArchiveEntries : Limit::kArchiveBytes), e.message);
  else
    add_problem(path, "archive", e.message);
}

namespace {

// The bytes as stored, hashed in full; the whole file kept only when it is small enough to be a
// structured file (a big log is streamed, never held).
struct Stored {
  std::string sha256;
  std::string content;  // whole file when small (disk files); archive members use their own data
};

Result<Stored> read_stored(const ChunkSource& raw, const std::string* whole, size_t keep_max) {
  Stored st;
  Sha256 hash;
  if (whole != nullptr) {
    hash.update(*whole);
    st.sha256 = hash.hex_digest();
    return st;
  }
  auto reader = raw.open();
  if (!reader) return reader.error();
  const bool keep = raw.size() <= keep_max;
  if (keep) st.content.reserve(raw.size());
  ReadBlock block(raw.size());
  while (true) {
    auto n = (*reader)->read(block.data.get(), block.size);
    if (!n) return n.error();
    if (*n == 0) break;
    std::string_view got(block.data.get(), *n);
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
  TextEncoding encoding = TextEncoding::kUtf8;
  // The text differs from the bytes as stored beyond a UTF-8 BOM (UTF-16, bare CR line ends): a
  // structured file is then read through `source`, not from the stored bytes.
  bool transcoded = false;
};

Decoded decode(std::shared_ptr<const ChunkSource> raw, const std::string& stored_head,
               uint64_t max_decompressed) {
  Decoded d;
  if (!has_gzip_magic(stored_head)) {
    d.source = std::move(raw);
    d.head = stored_head;
    return d;
  }
  d.gzipped = true;
  d.source = std::make_shared<GzipSource>(std::move(raw), max_decompressed);
  auto rd = d.source->open();
  if (!rd) {
    d.gzip_error = rd.error().message;
    return d;
  }
  std::string block(limits::kSniffBytes, '\0');
  while (d.head.size() < limits::kSniffBytes) {
    auto n = (*rd)->read(block.data(), limits::kSniffBytes - d.head.size());
    // A member over --limit gzip-bytes is read up to it; the scan or the loader says so.
    if (!n && n.error().code == ErrorCode::kLimit) break;
    if (!n) {
      d.gzip_error = n.error().message;
      break;
    }
    if (*n == 0) break;
    d.head.append(block.data(), *n);
  }
  return d;
}

// Text is read as UTF-8 with LF line ends whatever the file was saved as (text_source.h); the head
// the sniffers see is that text too.
void as_text(Decoded& d) {
  d.encoding = detect_encoding(d.head);
  d.transcoded = d.encoding == TextEncoding::kUtf16Le || d.encoding == TextEncoding::kUtf16Be ||
                 has_bare_cr(d.head);
  d.source = std::make_shared<TextSource>(std::move(d.source), d.encoding);
  if (d.encoding == TextEncoding::kUtf8) {
    normalize_bare_cr(d.head.data(), d.head.size(), false);
    return;
  }
  auto head = read_up_to(*d.source, limits::kSniffBytes);
  if (!head) {
    d.gzip_error = head.error().message;
    return;
  }
  d.head = std::move(*head);
}

// One input file on its way through three stages: classify (what the head says it is), read
// (hash the bytes as stored; load a structured file's text) and file (the records it gives).
// A stage that has filed the input itself (unreadable, an archive) returns false.
class FileIngest {
 public:
  FileIngest(Ingestor& ingestor, EvidenceStore& store, PendingSignatures* pending, bool hash_all,
             InputFile in, std::shared_ptr<const ChunkSource> raw,
             std::shared_ptr<const std::string> whole)
      : ingestor_(ingestor),
        store_(store),
        pending_(pending),
        hash_all_(hash_all),
        in_(std::move(in)),
        raw_(std::move(raw)),
        whole_(std::move(whole)) {}

  void run(const std::string& fs_path, int archive_depth) {
    // Past the total-bytes budget an input is counted, not opened (nor listed: a walk past a
    // bound lists nothing more, as with --max-files).
    if (ingestor_.budget_spent() && raw_->size() > 0)
      return ingestor_.charge(in_.path, raw_->size(), 0);
    if (!classify()) return;
    if (is_tar_header(content_.head) || is_zip_header(content_.head))
      return file_archive(fs_path, archive_depth);
    if (!admit()) return;
    if (!read()) return;
    file();
  }

 private:
  bool classify();
  bool admit();
  bool read();
  bool hash();
  bool load_text();
  void file();
  void file_archive(const std::string& fs_path, int archive_depth);
  void file_oversized();
  void file_text();
  void file_log(const std::string& type);
  void file_unreadable(const std::string& type, const std::string& message);
  void file_unreadable_text(const std::string& type, const std::string& message);
  void finish() { store_.inputs.push_back(std::move(in_)); }
  void scan(bool cri) {
    LogSource log{SourceRef{in_.path, 0, ""}, component(), cri, content_.source, nullptr};
    if (in_scan_) {
      auto hashing = std::make_shared<HashingSource>(raw_);
      log.content = std::make_shared<TextSource>(hashing, content_.encoding);
      log.digest = std::move(hashing);
    }
    file_log_source(std::move(log));
  }
  // The scan may start on it at once (IngestOptions::on_log).
  void file_log_source(LogSource log) {
    if (opts().on_log) opts().on_log(log);
    store_.logs.push_back(std::move(log));
  }
  // A plain log on disk that the scanner reads whole, in one unit and in order, is hashed by that
  // read. A small one is hashed from its head; a gzipped or cut one is read through another source.
  bool hash_in_scan() const {
    return opts().hash_logs_in_scan && sniffed_.family == FileFamily::kLog && !content_.gzipped &&
           whole_ == nullptr && !small_ && raw_->size() <= limits::kWorkUnitBytes;
  }
  std::string component() const {
    return sniffed_.component.empty() ? log_component(in_.path) : sniffed_.component;
  }
  bool structured_family() const {
    switch (sniffed_.family) {
      case FileFamily::kEmpty:
      case FileFamily::kBinary:
      case FileFamily::kLog:
      case FileFamily::kUnrecognized:
        return false;
      default:
        return true;
    }
  }

  Ingestor& ingestor_;
  EvidenceStore& store_;
  PendingSignatures* pending_;
  bool hash_all_;
  InputFile in_;
  std::shared_ptr<const ChunkSource> raw_;
  std::shared_ptr<const std::string> whole_;  // an archive member's bytes; null for disk files
  std::optional<std::string> small_;          // a disk file no bigger than its head: all of it
  Decoded content_;
  Sniffed sniffed_;
  bool named_structured_ = false;
  Stored stored_;
  std::string inflated_;   // a gzipped structured file's content
  std::string_view text_;  // the structured file's content, from whole_, stored_ or inflated_
  bool too_big_ = false;
  bool cut_ = false;      // read only up to the total-bytes budget
  bool in_scan_ = false;  // hashed by the scanner's read (hash_in_scan)
  const IngestOptions& opts() const { return ingestor_.options(); }
};

// The head decides what the file is; only then is it read whole (hashed, and kept when small).
// The content decides, not the name: the name only decides whether a file that fails to parse is
// worth a warning (text that merely looks like YAML is read as text, but a file the user named
// .yaml/.json that does not parse is reported as unreadable).
bool FileIngest::classify() {
  std::string head;
  if (whole_ != nullptr) {
    head = whole_->substr(0, limits::kSniffBytes);
  } else {
    auto h = read_up_to(*raw_, limits::kSniffBytes);
    if (!h) {
      file_unreadable("unreadable", h.error().message);
      return false;
    }
    head = std::move(*h);
  }
  content_ = decode(raw_, head, opts().max_decompressed_bytes);
  // A small file's head is all of it: hashed (and kept) from memory instead of read again.
  if (whole_ == nullptr && head.size() == raw_->size()) small_ = std::move(head);
  if (is_tar_header(content_.head) || is_zip_header(content_.head)) return true;
  if (content_.gzipped) append_clause(in_.detail, "gzip-compressed");
  as_text(content_);
  append_clause(in_.detail, encoding_note(content_.encoding));

  sniffed_ = sniff(in_.path, content_.head);
  const std::string lower = to_lower_ascii(in_.path);
  const bool json_name = ends_with(lower, ".json") || ends_with(lower, ".json.gz");
  named_structured_ = json_name || ends_with(lower, ".yaml") || ends_with(lower, ".yml") ||
                      ends_with(lower, ".yaml.gz");
  if (sniffed_.family == FileFamily::kLog && sniffed_.type == "log/plain" && !sniffed_.certain &&
      named_structured_) {
    sniffed_.family = FileFamily::kStructured;
    sniffed_.type = json_name ? "json" : "yaml";
  }
  return true;
}

// Hashes the bytes as stored (a big log only with --hash-all), then loads a structured file's
// text within the structured-file limit.
// The total-bytes budget: an input that does not fit whole is not read, except a plain log, which
// is read up to the budget (its records before the bound are as good as any). A compressed one is
// not cut: the bytes before the cut would inflate to an unknown amount and end in a broken stream.
bool FileIngest::admit() {
  const uint64_t size = raw_->size();
  const uint64_t allowed = ingestor_.budget_for(size);
  const bool fits = allowed == size;
  const bool prefix =
      !fits && allowed > 0 && sniffed_.family == FileFamily::kLog && !content_.gzipped;
  const uint64_t read = fits ? size : prefix ? allowed : 0;
  ingestor_.charge(in_.path, size, read);
  if (fits) return true;
  if (prefix) {
    cut_ = true;
    content_.source = std::make_shared<PrefixSource>(raw_, read);
    append_clause(in_.detail,
                  "read up to the total-bytes limit: the first " + std::to_string(read) + " bytes");
    return true;
  }
  in_.type = sniffed_.type;
  in_.status = InputStatus::kSkipped;
  append_clause(in_.error, "not read: the limit on bytes read from all inputs was reached");
  finish();
  return false;
}

bool FileIngest::read() {
  if (cut_) {
    append_clause(in_.detail, "not hashed: read only in part");
  } else if (sniffed_.family == FileFamily::kLog && raw_->size() > limits::kMaxHashedLogBytes &&
             !hash_all_) {
    append_clause(in_.detail, "not hashed: a log over " + mib(limits::kMaxHashedLogBytes) +
                                  " (--hash-all hashes it)");
  } else if (hash_in_scan()) {
    in_scan_ = true;
  } else if (!hash()) {
    return false;
  }
  if (!structured_family() || !content_.gzip_error.empty()) return true;
  return load_text();
}

bool FileIngest::hash() {
  // A log is streamed again by the scanner: only a structured file's bytes are worth keeping.
  const size_t keep_max = structured_family() ? opts().max_structured_bytes : 0;
  const std::string* in_memory = whole_ != nullptr ? whole_.get() : small_ ? &*small_ : nullptr;
  auto st = read_stored(*raw_, in_memory, keep_max);
  if (!st) {
    file_unreadable("unreadable", st.error().message);
    return false;
  }
  stored_ = std::move(*st);
  if (small_ && small_->size() <= keep_max) stored_.content = std::move(*small_);
  small_.reset();
  in_.sha256 = stored_.sha256;
  return true;
}

bool FileIngest::load_text() {
  text_ = whole_ != nullptr ? std::string_view(*whole_) : stored_.content;
  const size_t max = opts().max_structured_bytes;
  too_big_ = whole_ == nullptr ? raw_->size() > max : whole_->size() > max;
  if (!content_.gzipped && !content_.transcoded) return true;
  auto t = read_up_to(*content_.source, max + 1);
  if (!t && t.error().code == ErrorCode::kLimit) {
    store_.limits_reached.push_back({SourceRef{in_.path, 0, ""}, "decompressed bytes",
                                     limit_option(Limit::kGzipBytes),
                                     t.error().message + "; none of it was parsed"});
  }
  if (!t) {
    file_unreadable(sniffed_.type, t.error().message);
    return false;
  }
  inflated_ = std::move(*t);
  text_ = inflated_;
  too_big_ = inflated_.size() > max;
  return true;
}

void FileIngest::file() {
  switch (sniffed_.family) {
    case FileFamily::kEmpty:
      in_.type = "empty";
      append_clause(in_.detail, sniffed_.note);
      if (!content_.gzip_error.empty()) return file_unreadable("empty", content_.gzip_error);
      return finish();
    case FileFamily::kBinary:
      in_.type = "binary";
      in_.status = InputStatus::kSkipped;
      append_clause(in_.error, "binary content (" + sniffed_.note + ")");
      return finish();
    case FileFamily::kLog:
      return file_log(sniffed_.type);
    case FileFamily::kUnrecognized:
      in_.type = "unrecognized";
      return finish();
    default:
      break;
  }
  if (!content_.gzip_error.empty()) return file_unreadable(sniffed_.type, content_.gzip_error);
  if (too_big_) return file_oversized();
  file_text();
}

// An archive inside the input: its members are read under its path, one level deep.
void FileIngest::file_archive(const std::string& fs_path, int archive_depth) {
  if (!hash()) return;
  in_.type = "archive";
  if (archive_depth >= kMaxArchiveDepth) {
    in_.status = InputStatus::kSkipped;
    in_.error = "archive inside an archive (only one level of nesting is read)";
    return finish();
  }
  in_.detail = is_zip_header(content_.head) ? "zip archive, members listed under this path"
               : content_.gzipped           ? "tar.gz archive, members listed under this path"
                                            : "tar archive, members listed under this path";
  const std::string prefix = in_.path;
  finish();
  ingestor_.add_archive_members(prefix, fs_path, whole_, archive_depth + 1);
}

// A structured file over the limit: text that only might be YAML/JSON is scanned as a log.
void FileIngest::file_oversized() {
  if (sniffed_.family == FileFamily::kStructured && !sniffed_.certain && !named_structured_)
    return file_log("log/plain");
  const std::string what = sniffed_.family == FileFamily::kStructured ? "YAML/JSON" : sniffed_.type;
  const std::string why = (content_.gzipped ? "decompressed content is over "
                                            : "file is " + mib(raw_->size()) + ", over ") +
                          std::string("the ") + mib(opts().max_structured_bytes) + " limit for " +
                          what + " files";
  store_.limits_reached.push_back({SourceRef{in_.path, 0, ""}, "structured file bytes",
                                   limit_option(Limit::kFileBytes),
                                   why + "; none of it was parsed"});
  file_unreadable(sniffed_.type, why);
}

void FileIngest::file_text() {
  TextOutcome o = ingest_text(sniffed_, named_structured_, text_, in_.path, store_, pending_);
  if (o.type == "pem/private-key" || o.type == "jwt") {
    // The key was only decoded to name its public half, the token to read its claims (its signed
    // parts wait in pending_): their bytes leave memory now.
    OPENSSL_cleanse(stored_.content.data(), stored_.content.size());
    OPENSSL_cleanse(inflated_.data(), inflated_.size());
  }
  switch (o.kind) {
    case TextOutcome::Kind::kPlainText:
      return file_log("log/plain");
    case TextOutcome::Kind::kUnreadable:
      return file_unreadable_text(o.type, o.error);
    case TextOutcome::Kind::kTyped:
      break;
  }
  in_.type = o.type;
  append_clause(in_.detail, o.detail);
  if (o.scan_as_text && o.scan_text != nullptr) {
    file_log_source(LogSource{SourceRef{in_.path, 0, ""}, component(), false,
                              std::make_shared<MemorySource>(o.scan_text), nullptr});
  } else if (o.scan_as_text) {
    scan(false);
  }
  finish();
}

void FileIngest::file_log(const std::string& type) {
  scan(type == "log/cri");
  in_.type = type;
  append_clause(in_.detail, "component " + component());
  // A damaged gzip stream still gives the lines before the damage: they are scanned, and the
  // damage is reported all the same.
  if (!content_.gzip_error.empty()) {
    append_clause(in_.error, content_.gzip_error + "; the data before it is read");
    store_.unreadable.push_back({SourceRef{in_.path, 0, ""}, "gzip", content_.gzip_error});
  }
  finish();
}

// A file that does not parse as what it claims to be is still text: a saved error response with a
// stray character, a JSON answer cut short, an over-sized dump all hold error messages. Keys and
// tokens are the exception: their text is a secret, never a message.
void FileIngest::file_unreadable_text(const std::string& type, const std::string& message) {
  const bool scanned =
      type != "pem" && type != "jwt" && type != "env" && content_.gzip_error.empty();
  if (scanned) {
    scan(false);
    append_clause(in_.detail, "its lines are scanned as text");
  }
  file_unreadable(type, message);
  if (scanned && !named_structured_) store_.unreadable.back().text_that_looked_structured = true;
}

void FileIngest::file_unreadable(const std::string& type, const std::string& message) {
  in_.type = type;
  in_.status = InputStatus::kUnreadable;
  append_clause(in_.error, message);
  store_.unreadable.push_back({SourceRef{in_.path, 0, ""}, type, message});
  finish();
}

}  // namespace

void Ingestor::ingest(InputFile in, std::shared_ptr<const ChunkSource> raw,
                      const std::string& fs_path, std::shared_ptr<const std::string> whole,
                      int archive_depth) {
  FileIngest(*this, store_, &pending_, options_.hash_all, std::move(in), std::move(raw),
             std::move(whole))
      .run(fs_path, archive_depth);
}

}  // namespace wid
