// Text decoding (UTF-16 with a BOM, UTF-8 BOM, bare CR) and the values view of JSON: any bytes,
// read in any chunk size, give text without a bare CR, valid UTF-8 when transcoded from UTF-16,
// and a values view that never crashes on JSON cut anywhere.
#include "collectors/bundle/text_source.h"

#include <algorithm>
#include <cstring>

#include "analyzer/model/memory_source.h"
#include "collectors/bundle/value_text.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

std::string read_all(const wid::ChunkSource& src, size_t cap) {
  std::string out, buf(cap, '\0');
  auto r = src.open();
  if (!r) return out;
  while (true) {
    auto n = (*r)->read(buf.data(), buf.size());
    if (!n || *n == 0) break;
    out.append(buf.data(), *n);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in = wid::fuzz::bytes(data, size);
  const wid::TextEncoding e = wid::detect_encoding(in);
  wid::TextSource src(std::make_shared<wid::MemorySource>(std::string(in)), e);
  const std::string whole = read_all(src, 4096);
  wid::fuzz::require(read_all(src, 1 + size % 7) == whole);
  for (size_t i = whole.find('\r'); i != std::string::npos; i = whole.find('\r', i + 1))
    wid::fuzz::require(i + 1 < whole.size() && whole[i + 1] == '\n');
  if (e == wid::TextEncoding::kUtf16Le || e == wid::TextEncoding::kUtf16Be)
    wid::fuzz::require(valid_utf8(whole));
  (void)wid::json_values_text(in, {"annotations"});
  return 0;
}
