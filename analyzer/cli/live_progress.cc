#include "analyzer/cli/live_progress.h"

#include <unistd.h>

#include <chrono>
#include <iostream>

namespace wid {
namespace {

constexpr const char* kClearLine = "\r\033[K";
constexpr auto kFrameInterval = std::chrono::milliseconds(120);

}  // namespace

LiveProgress::LiveProgress(std::ostream& err, bool enabled)
    : err_(err), active_(enabled && &err == &std::cerr && ::isatty(STDERR_FILENO) == 1) {
  if (active_) spinner_ = std::thread([this] { spin(); });
}

LiveProgress::~LiveProgress() {
  if (!active_) return;
  stop_ = true;
  spinner_.join();
  std::lock_guard<std::mutex> lock(mutex_);
  err_ << kClearLine << std::flush;
}

void LiveProgress::line(const std::string& text) {
  if (!active_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  err_ << kClearLine << text << "\n" << std::flush;
}

void LiveProgress::collector(const CollectorStatus& c) {
  if (!active_) return;
  std::string text = "wi-doctor: " + c.name + " " + collector_state_name(c.status);
  if (c.duration_ms) text += " (" + std::to_string(*c.duration_ms) + " ms)";
  if (!c.error.empty()) text += ": " + c.error;
  std::lock_guard<std::mutex> lock(mutex_);
  ++done_;
  err_ << kClearLine << text << "\n" << std::flush;
}

void LiveProgress::spin() {
  static const char kFrames[] = {'|', '/', '-', '\\'};
  for (size_t frame = 0; !stop_; ++frame) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      err_ << kClearLine << kFrames[frame % 4] << " reading (" << done_ << " sources done)"
           << std::flush;
    }
    std::this_thread::sleep_for(kFrameInterval);
  }
}

}  // namespace wid
