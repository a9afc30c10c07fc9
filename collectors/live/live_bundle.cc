#include "collectors/live/live_bundle.h"

namespace wid {

void LiveBundle::add(const std::string& path, std::string_view body, const std::string& url) {
  for (MemoryFile& f : files_) {
    if (f.path == path) {  // a second read of the same path replaces the first
      f.data = std::make_shared<const std::string>(redact(body, &redactions_));
      f.url = url;
      return;
    }
  }
  files_.push_back({path, std::make_shared<const std::string>(redact(body, &redactions_)), url});
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
