// Log record framing and unescaping (klog, JSON lines, CRI, multi-line `err=<` blocks) through the
// real scanner and the built-in catalog: any bytes scan, as plain and as CRI-framed logs, with no
// sample over the cap, and the unescaper terminates and never grows its input.
#include "analyzer/model/limits.h"
#include "analyzer/model/memory_source.h"
#include "rules/catalog.h"
#include "rules/log_scanner.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

const wid::LogScanner& scanner() {
  static const wid::Catalog catalog = [] {
    auto c = wid::load_catalog(wid::builtin_catalog_sources());
    wid::fuzz::require(c.ok());
    return std::move(*c);
  }();
  static const std::unique_ptr<wid::LogScanner> s = [] {
    auto made = wid::LogScanner::create(catalog, wid::ScanOptions{});
    wid::fuzz::require(made.ok());
    return std::move(*made);
  }();
  return *s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = wid::fuzz::bytes(data, size);
  auto content = std::make_shared<const wid::MemorySource>(std::string(text));
  std::vector<wid::LogSource> sources;
  for (bool cri : {false, true})
    sources.push_back(wid::LogSource{wid::SourceRef{cri ? "cri.log" : "plain.log", 0, ""},
                                     "capz-manager", cri, content, nullptr});
  wid::ScanResult r = scanner().scan(sources);
  wid::fuzz::require(r.bytes <= 2 * size);
  for (const auto& hit : r.hits)
    for (const auto& sample : hit.samples)
      wid::fuzz::require(sample.text.size() <= wid::limits::kMaxSampleBytes + 64);
  // Every escape is longer than what it stands for, so unescaping never grows a record.
  wid::fuzz::require(wid::unescape_record(text).size() <= text.size());
  return 0;
}
