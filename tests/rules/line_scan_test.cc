// scan_line against the definitions it replaces: the line end is the first '\n', escaped is
// may_unescape of the line without a final '\r', ascii is is_ascii of it. Bytes of every class at
// every offset around the 16-byte steps, in buffers at every alignment.
#include "rules/line_scan.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "rules/hs_prefilter.h"
#include "rules/log_scanner.h"

namespace wid {
namespace {

struct Expected {
  size_t end;
  bool escaped, ascii;
};

Expected reference(std::string_view text) {
  const size_t nl = text.find('\n');
  const size_t end = nl == std::string_view::npos ? text.size() : nl;
  std::string_view line = text.substr(0, end);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return Expected{end, may_unescape(line), is_ascii(line)};
}

void expect_like_reference(std::string_view text, const std::string& what) {
  TextTraits got;
  const size_t end = scan_line(text, got);
  const Expected want = reference(text);
  ASSERT_EQ(end, want.end) << what;
  EXPECT_EQ(got.escaped, want.escaped) << what;
  EXPECT_EQ(got.ascii, want.ascii) << what;
}

std::string printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

TEST(LineScan, OneSpecialByteAtEveryOffset) {
  const char specials[] = {'\n', '\r', '\\', '&', '\x80', '\xff', 'x'};
  for (size_t len = 0; len <= 70; ++len) {
    for (size_t at = 0; at < len; ++at) {
      for (char c : specials) {
        std::string s(len, 'a');
        s[at] = c;
        expect_like_reference(s, "len " + std::to_string(len) + ": " + printable(s));
      }
    }
  }
}

TEST(LineScan, CrlfAndCrAroundTheVectorStep) {
  // A '\r' just before the newline is the CRLF the scanner drops; one anywhere else is an escape,
  // also when the two sit on either side of a 16-byte step.
  for (size_t len = 1; len <= 50; ++len) {
    std::string crlf(len - 1, 'a');
    crlf += "\r\nnext\\line";
    expect_like_reference(crlf, "CRLF at " + std::to_string(len));
    std::string two(len, 'a');
    two += "\r\r\n";
    expect_like_reference(two, "two CRs after " + std::to_string(len));
    std::string last(len, 'a');
    last += '\r';  // no newline: a carried line, or the file's last
    expect_like_reference(last, "final CR without newline after " + std::to_string(len));
    std::string after(len, 'a');
    after += "\n\\\r&\xc3\xa9";  // the bytes after the line end belong to the next line
    expect_like_reference(after, "specials after the newline at " + std::to_string(len));
  }
}

TEST(LineScan, RandomLinesAtEveryAlignment) {
  std::mt19937 rng(20261207);
  const std::string alphabet = std::string("ab \"{}:\n\r\\&") + "\x7f\x80\xc3\xa9\xff";
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<size_t> length(0, 100);
  std::string buffer;
  for (int round = 0; round < 20000; ++round) {
    const size_t len = length(rng), shift = static_cast<size_t>(round % 16);
    buffer.assign(shift, 'z');
    for (size_t i = 0; i < len; ++i) {
      // Mostly plain letters, as in logs, so long lines without a special byte occur too.
      buffer += rng() % 4 == 0 ? alphabet[pick(rng)] : 'q';
    }
    expect_like_reference(std::string_view(buffer).substr(shift), printable(buffer.substr(shift)));
    if (HasFailure()) return;
  }
}

TEST(LineScan, WalkingABlockLineByLineFindsEveryLine) {
  const std::string block =
      "one\r\ntwo \\\"x\\\"\nthr\xc3\xa9"
      "e\n\nfour & five\r\rsix";
  std::vector<std::string> lines;
  std::vector<TextTraits> traits;
  for (size_t start = 0;;) {
    TextTraits t;
    const size_t len = scan_line(std::string_view(block).substr(start), t);
    lines.push_back(block.substr(start, len));
    traits.push_back(t);
    if (start + len == block.size()) break;
    start += len + 1;
  }
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], "one\r");
  EXPECT_FALSE(traits[0].escaped);  // the CRLF's '\r' is dropped, not unescaped
  EXPECT_TRUE(traits[1].escaped);
  EXPECT_TRUE(traits[1].ascii);
  EXPECT_FALSE(traits[2].ascii);
  EXPECT_FALSE(traits[2].escaped);
  EXPECT_TRUE(lines[3].empty());
  EXPECT_FALSE(traits[3].escaped);
  EXPECT_TRUE(traits[3].ascii);
  EXPECT_EQ(lines[4], "four & five\r\rsix");
  EXPECT_TRUE(traits[4].escaped);
}

}  // namespace
}  // namespace wid
