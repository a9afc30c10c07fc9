// The bounded JSON loader: accepted documents respect the depth cap, and dump -> parse -> dump is
// stable (nlohmann's own fuzzer oracle), with invalid UTF-8 replaced rather than thrown.
#include "collectors/parse/json_loader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = wid::fuzz::bytes(data, size);
  auto loaded = wid::load_json(text);
  (void)wid::is_json_value(text);
  if (!loaded.ok()) return 0;
  const auto replace = nlohmann::json::error_handler_t::replace;
  const std::string once = loaded->value.dump(-1, ' ', false, replace);
  auto again = wid::load_json(once);
  wid::fuzz::require(again.ok());
  wid::fuzz::require(again->value.dump(-1, ' ', false, replace) == once);
  (void)wid::load_json(text, wid::JsonLimits{wid::limits::kMaxStructuredFileBytes, 8, true});
  return 0;
}
