#include "collectors/bundle/bundle_writer.h"

#include <archive.h>
#include <archive_entry.h>

#include <cstdio>
#include <ctime>
#include <memory>

namespace wid {
namespace {

Status add_entry(archive* a, const std::string& name, const std::string& data, time_t mtime) {
  std::unique_ptr<archive_entry, decltype(&archive_entry_free)> e(archive_entry_new(),
                                                                  archive_entry_free);
  archive_entry_set_pathname(e.get(), name.c_str());
  archive_entry_set_size(e.get(), static_cast<la_int64_t>(data.size()));
  archive_entry_set_filetype(e.get(), AE_IFREG);
  archive_entry_set_perm(e.get(), 0600);
  archive_entry_set_mtime(e.get(), mtime, 0);
  if (archive_write_header(a, e.get()) != ARCHIVE_OK ||
      (!data.empty() && archive_write_data(a, data.data(), data.size()) < 0)) {
    return make_error(ErrorCode::kUnreadable,
                      "cannot write " + name + ": " + archive_error_string(a));
  }
  return Ok{};
}

}  // namespace

Status write_bundle(const std::string& path, const std::vector<MemoryFile>& files,
                    const nlohmann::json& manifest) {
  const std::string tmp = path + ".partial";
  std::unique_ptr<archive, decltype(&archive_write_free)> a(archive_write_new(),
                                                            archive_write_free);
  archive_write_add_filter_gzip(a.get());
  archive_write_set_format_pax_restricted(a.get());
  if (archive_write_open_filename(a.get(), tmp.c_str()) != ARCHIVE_OK)
    return make_error(ErrorCode::kInvalidArgument,
                      "cannot write " + path + ": " + archive_error_string(a.get()));
  const time_t now = std::time(nullptr);
  Status st = add_entry(a.get(), "manifest.json", manifest.dump(2) + "\n", now);
  for (const MemoryFile& f : files) {
    if (!st.ok()) break;
    st = add_entry(a.get(), f.path, *f.data, now);
  }
  if (st.ok() && archive_write_close(a.get()) != ARCHIVE_OK)
    st = make_error(ErrorCode::kUnreadable,
                    "cannot write " + path + ": " + archive_error_string(a.get()));
  a.reset();
  if (!st.ok() || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    if (st.ok()) return make_error(ErrorCode::kUnreadable, "cannot rename " + tmp + " to " + path);
    return st;
  }
  return Ok{};
}

}  // namespace wid
