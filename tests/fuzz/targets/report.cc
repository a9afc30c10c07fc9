// `wi-doctor report`'s input: any bytes that load as JSON and read back as a report render in
// every format without an error, and the JSON renderer's output reads back as a report again.
#include "analyzer/model/report.h"

#include <sstream>

#include "collectors/parse/json_loader.h"
#include "reports/renderer.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  wid::JsonLimits caps;
  caps.max_bytes = 1 << 20;
  auto json = wid::load_json(wid::fuzz::bytes(data, size), caps);
  if (!json.ok()) return 0;
  auto report = wid::report_from_json(json->value);
  if (!report.ok()) return 0;
  for (const wid::Renderer& r : wid::renderers()) {
    std::ostringstream out;
    wid::fuzz::require(r.render(*report, wid::RenderOptions{}, out).ok());
    if (std::string(r.name) != "json") continue;
    auto back = wid::load_json(out.str());
    wid::fuzz::require(back.ok());
    wid::fuzz::require(wid::report_from_json(back->value).ok());
  }
  return 0;
}
