// Progress of a live run on stderr: on a terminal, a spinner while reads run and one line per
// collector as it finishes; nothing when stderr is not a terminal (CI logs, pipes) or with
// --quiet, where the report's collectors say the same.
#pragma once

#include <atomic>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

#include "analyzer/model/evidence.h"

namespace wid {

class LiveProgress {
 public:
  // enabled: not --quiet; the spinner and the lines appear only when err is the process's
  // stderr and that is a terminal.
  LiveProgress(std::ostream& err, bool enabled);
  ~LiveProgress();
  LiveProgress(const LiveProgress&) = delete;
  LiveProgress& operator=(const LiveProgress&) = delete;

  bool active() const { return active_; }
  void line(const std::string& text);
  void collector(const CollectorStatus& c);

 private:
  void spin();

  std::ostream& err_;
  const bool active_;
  std::mutex mutex_;
  std::atomic<bool> stop_{false};
  size_t done_ = 0;
  std::thread spinner_;
};

}  // namespace wid
