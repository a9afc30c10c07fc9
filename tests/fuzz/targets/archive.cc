// The archive reader (tar, tar.gz) in memory: any bytes give files and skips or an error; a file
// handed on never has an escaping or absolute name, and none is larger than the entry cap.
#include "analyzer/model/memory_source.h"
#include "collectors/bundle/archive_reader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto bytes = std::make_shared<const std::string>(wid::fuzz::bytes(data, size));
  (void)wid::detect_archive(wid::MemorySource(bytes));
  wid::ArchiveLimits caps;
  caps.max_entries = 64;
  caps.max_entry_bytes = uint64_t{64} * 1024;
  caps.max_total_bytes = uint64_t{1024} * 1024;
  wid::ArchiveVisitor visitor;
  visitor.on_file = [&](wid::ArchiveFile f) {
    wid::fuzz::require(!f.path.empty() && f.path.front() != '/');
    wid::fuzz::require(f.path != ".." && f.path.rfind("../", 0) != 0 &&
                       f.path.find("/../") == std::string::npos);
    wid::fuzz::require(f.data && f.data->size() <= caps.max_entry_bytes);
  };
  visitor.on_skip = [](const wid::ArchiveSkip&) {};
  (void)wid::read_archive_memory(bytes, visitor, caps);
  return 0;
}
