// The catalog loader on a user's --rules file: any bytes load or give a load error (never a crash,
// hang, or an RE2 pattern over its memory budget accepted), and a loaded rule set compiles into a
// scanner.
#include "rules/catalog.h"

#include "rules/log_scanner.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<wid::CatalogSource> sources{
      wid::CatalogSource{"fuzz/rules.yaml", std::string(wid::fuzz::bytes(data, size)), false}};
  auto catalog = wid::load_catalog(sources);
  if (!catalog.ok()) {
    wid::fuzz::require(!catalog.error().message.empty());
    return 0;
  }
  // What the loader accepted, the scanner must compile.
  auto scanner = wid::LogScanner::create(*catalog, wid::ScanOptions{});
  wid::fuzz::require(scanner.ok());
  (void)(*scanner)->scan_text("E1128 11:40:28.123456 1 controller.go:329] AADSTS70021: x");
  return 0;
}
