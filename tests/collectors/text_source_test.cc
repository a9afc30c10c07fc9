// TextSource: UTF-16 (LE/BE, BOM) streamed to UTF-8 with code units and surrogate pairs split
// across reads, invalid sequences replaced, a UTF-8 BOM dropped, bare CR made LF (CRLF kept), and
// ranges of a seekable source that agree with the whole.
#include "collectors/bundle/text_source.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

#include "analyzer/model/memory_source.h"

namespace wid {
namespace {

// Hands out its bytes a few at a time, so every split point is exercised.
class DribbleSource : public ChunkSource {
 public:
  DribbleSource(std::string data, size_t step) : data_(std::move(data)), step_(step) {}
  Result<std::unique_ptr<ChunkReader>> open() const override {
    struct Reader : ChunkReader {
      const std::string& d;
      size_t step, pos = 0;
      Reader(const std::string& data, size_t s) : d(data), step(s) {}
      Result<size_t> read(char* buf, size_t cap) override {
        const size_t n = std::min({cap, step, d.size() - pos});
        std::memcpy(buf, d.data() + pos, n);
        pos += n;
        return n;
      }
    };
    return std::unique_ptr<ChunkReader>(new Reader(data_, step_));
  }
  uint64_t size() const override { return data_.size(); }

 private:
  std::string data_;
  size_t step_;
};

std::string read_all(const ChunkSource& src, size_t cap = 4096) {
  auto r = src.open();
  EXPECT_TRUE(r.ok());
  std::string out, buf(cap, '\0');
  while (true) {
    auto n = (*r)->read(buf.data(), buf.size());
    EXPECT_TRUE(n.ok());
    if (!n.ok() || *n == 0) break;
    out.append(buf.data(), *n);
  }
  return out;
}

std::string utf16(const std::u16string& s, bool big_endian) {
  std::string out = big_endian ? "\xFE\xFF" : "\xFF\xFE";
  for (char16_t u : s) {
    const char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
    out += big_endian ? hi : lo;
    out += big_endian ? lo : hi;
  }
  return out;
}

std::string text_of(std::string bytes, size_t step, size_t cap = 4096) {
  const TextEncoding e = detect_encoding(bytes);
  TextSource src(std::make_shared<DribbleSource>(std::move(bytes), step), e);
  return read_all(src, cap);
}

// What PowerShell 5.1's `kubectl logs ... > capz.log` leaves: UTF-16LE, BOM, CRLF.
const std::u16string kKlog =
    u"E1128 11:40:28.123456       1 azureclusteridentity.go:88] \"failed to get token\" "
    u"err=\"AADSTS70021: No matching federated identity record found for presented assertion. "
    u"Assertion Issuer: 'https://oidc.example.com/'. Subject: "
    u"'system:serviceaccount:capz-system:capz-manager' \u2013 ok \U0001F511\"\r\n"
    u"I1128 11:40:29.000000       1 main.go:1] done\r\n";
const char kKlogUtf8[] =
    "E1128 11:40:28.123456       1 azureclusteridentity.go:88] \"failed to get token\" "
    "err=\"AADSTS70021: No matching federated identity record found for presented assertion. "
    "Assertion Issuer: 'https://oidc.example.com/'. Subject: "
    "'system:serviceaccount:capz-system:capz-manager' \xE2\x80\x93 ok \xF0\x9F\x94\x91\"\r\n"
    "I1128 11:40:29.000000       1 main.go:1] done\r\n";

TEST(TextSourceTest, Utf16LittleAndBigEndianWithBomBecomeUtf8AtEverySplit) {
  EXPECT_EQ(detect_encoding(utf16(kKlog, false)), TextEncoding::kUtf16Le);
  EXPECT_EQ(detect_encoding(utf16(kKlog, true)), TextEncoding::kUtf16Be);
  for (size_t step : {1, 2, 3, 5, 4096}) {
    EXPECT_EQ(text_of(utf16(kKlog, false), step), kKlogUtf8) << "step " << step;
    EXPECT_EQ(text_of(utf16(kKlog, true), step), kKlogUtf8) << "step " << step;
    // A caller reading one byte at a time gets the same text.
    EXPECT_EQ(text_of(utf16(kKlog, false), step, 1), kKlogUtf8) << "step " << step;
  }
}

TEST(TextSourceTest, SurrogatePairAcrossTheInternalBlockSurvives) {
  // The pair's high half ends the first 64 KiB block of UTF-16 (bytes 65534..65535 after the BOM).
  std::u16string s(32767, u'a');
  s += u"\U0001F511 end\n";
  std::string want(32767, 'a');
  want += "\xF0\x9F\x94\x91 end\n";
  EXPECT_EQ(text_of(utf16(s, false), 1 << 20), want);
  EXPECT_EQ(text_of(utf16(s, true), 7), want);
}

TEST(TextSourceTest, InvalidUtf16IsReplacedNeverDropped) {
  std::u16string lone_high = u"a";
  lone_high += static_cast<char16_t>(0xD83D);
  lone_high += u"b";
  EXPECT_EQ(text_of(utf16(lone_high, false), 1),
            "a\xEF\xBF\xBD"
            "b");
  std::u16string lone_low = u"a";
  lone_low += static_cast<char16_t>(0xDD11);
  EXPECT_EQ(text_of(utf16(lone_low, false), 3), "a\xEF\xBF\xBD");
  // A high surrogate at the very end, and an odd last byte.
  std::u16string last_high = u"x";
  last_high += static_cast<char16_t>(0xD83D);
  EXPECT_EQ(text_of(utf16(last_high, true), 2), "x\xEF\xBF\xBD");
  EXPECT_EQ(text_of(utf16(u"xy", false) + "z", 1), "xy\xEF\xBF\xBD");
  EXPECT_EQ(text_of("\xFF\xFE", 1), "");
}

TEST(TextSourceTest, BareCrIsALineEndAndCrlfIsKept) {
  for (size_t step : {1, 2, 4096}) {
    EXPECT_EQ(text_of("a\rb\r\nc\r", step), "a\nb\r\nc\n") << step;
    EXPECT_EQ(text_of("\r\r\n\r", step), "\n\r\n\n") << step;
    EXPECT_EQ(text_of("\xEF\xBB\xBFline one\rline two", step), "line one\nline two") << step;
  }
  EXPECT_TRUE(has_bare_cr("a\rb"));
  EXPECT_FALSE(has_bare_cr("a\r\nb\r"));
}

TEST(TextSourceTest, RangesOfASeekableSourceAgreeWithTheWhole) {
  const std::string body = "one\rtwo\r\nthree\rfour\n";
  TextSource src(std::make_shared<MemorySource>("\xEF\xBB\xBF" + body), TextEncoding::kUtf8Bom);
  ASSERT_TRUE(src.seekable());
  EXPECT_EQ(src.size(), body.size());
  const std::string whole = read_all(src);
  EXPECT_EQ(whole, "one\ntwo\r\nthree\nfour\n");
  for (uint64_t cut = 0; cut <= body.size(); ++cut) {
    std::string joined;
    const std::vector<std::pair<uint64_t, uint64_t>> ranges = {{0, cut}, {cut, body.size() - cut}};
    for (auto [off, len] : ranges) {
      auto r = src.open_range(off, len);
      ASSERT_TRUE(r.ok());
      char buf[64];
      while (true) {
        auto n = (*r)->read(buf, sizeof buf);
        ASSERT_TRUE(n.ok());
        if (*n == 0) break;
        joined.append(buf, *n);
      }
    }
    // A range that ends between CR and LF sees the LF that follows, so its CR stays a CR.
    EXPECT_EQ(joined, whole) << "cut at " << cut;
  }
  TextSource u16(std::make_shared<MemorySource>(utf16(u"x", false)), TextEncoding::kUtf16Le);
  EXPECT_FALSE(u16.seekable());
}

}  // namespace
}  // namespace wid
