#include "collectors/live/live_bundle.h"

namespace wid {

namespace {

void put(std::vector<MemoryFile>& files, MemoryFile file) {
  for (MemoryFile& f : files) {
    if (f.path == file.path) {  // a second read of the same path replaces the first
      f = std::move(file);
      return;
    }
  }
  files.push_back(std::move(file));
}

}  // namespace

void LiveBundle::add(const std::string& path, std::string_view body, const std::string& url) {
  put(files_, {path, std::make_shared<const std::string>(redact(body, &redactions_)), url});
}

void LiveBundle::add_status(CollectorStatus status) {
  if (on_status_) on_status_(status);
  collectors_.push_back(std::move(status));
}

void LiveBundle::append(LiveBundle&& part) {
  for (MemoryFile& f : part.files_) put(files_, std::move(f));
  for (CollectorStatus& c : part.collectors_) add_status(std::move(c));
  for (const auto& [kind, n] : part.redactions_.by_kind) redactions_.by_kind[kind] += n;
  part.files_.clear();
  part.collectors_.clear();
  part.redactions_ = {};
}

void LiveBundle::rewrite(const std::function<std::string(std::string_view)>& f,
                         const std::string& kind, int n) {
  for (MemoryFile& file : files_) {
    file.path = f(file.path);
    file.data = std::make_shared<const std::string>(f(*file.data));
    file.url = f(file.url);
  }
  for (CollectorStatus& c : collectors_) c.error = f(c.error);
  if (n > 0) redactions_.by_kind[kind] += n;
}

CollectorStatus CollectorTimer::finish(CollectorState status, const std::string& error,
                                       const std::string& needs) const {
  CollectorStatus s;
  s.name = name_;
  s.status = status;
  s.error = error;
  s.needs = needs;
  s.duration_ms = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::steady_clock::now() - start_)
                                            .count());
  return s;
}

}  // namespace wid
