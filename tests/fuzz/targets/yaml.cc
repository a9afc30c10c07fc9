// The bounded YAML loader: any bytes give documents within the caps or an error; never a hang
// (yaml-cpp's LoadAll loops on ","), a cycle (&a [*a]) or an explosion (billion laughs).
#include "collectors/parse/yaml_loader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto loaded = wid::load_yaml(wid::fuzz::bytes(data, size));
  if (!loaded.ok()) return 0;
  wid::fuzz::require(loaded->documents.size() <= wid::limits::kMaxYamlDocuments);
  // A tree is what a report may embed: dumping it must not throw or overflow.
  for (const auto& doc : loaded->documents)
    (void)doc.value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return 0;
}
