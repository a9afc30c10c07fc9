// The env-file parser: any text gives Settings, and a secret-named variable's value never comes
// back in clear.
#include "collectors/parse/parse_env.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = wid::fuzz::bytes(data, size);
  (void)wid::looks_like_env(text);
  wid::Settings s = wid::parse_env(text, wid::SourceRef{"fuzz.env", 0, ""});
  (void)s;
  // A canary appended as a secret must be masked whatever came before it. The fuzzer learns the
  // canary's bytes from this very comparison, so an input that already holds them proves nothing.
  static constexpr std::string_view kCanary = "wid-fuzz-canary";
  if (text.find(kCanary) != std::string_view::npos) return 0;
  std::string with_secret(text);
  with_secret += "\nAZURE_CLIENT_SECRET=wid-fuzz-canary-Q8f~s3cr3t\n";
  wid::Settings masked = wid::parse_env(with_secret, wid::SourceRef{"fuzz.env", 0, ""});
  for (const auto& [name, value] : masked.values)
    wid::fuzz::require(value.find(kCanary) == std::string::npos);
  return 0;
}
