// The sink escapes: nothing that acts (ESC, CR, bidi override) or breaks markup survives.
#include "reports/escape.h"

#include <gtest/gtest.h>

namespace wid {
namespace {

TEST(Visible, ControlsAndInvisiblesAreShownNotPassed) {
  EXPECT_EQ(visible("a\x1b[31mb\rc\td"), "a\\x1b[31mb\\x0dc\td");
  EXPECT_EQ(visible("x\ny"), "x\\x0ay");
  EXPECT_EQ(visible("x\ny", /*keep_newlines=*/true), "x\ny");
  EXPECT_EQ(visible("rm \xe2\x80\xae"
                    "fdp.exe"),
            "rm \\u{202e}fdp.exe");  // RLO
  EXPECT_EQ(visible("a\xe2\x80\x8b"
                    "b"),
            "a\\u{200b}b");  // zero-width space
  EXPECT_EQ(visible("\xc2\x9b"
                    "2J"),
            "\\u{009b}2J");                         // one-byte CSI
  EXPECT_EQ(visible("\xef\xbf\xbe"), "\\u{fffe}");  // not an XML Char
  EXPECT_EQ(visible("caf\xc3\xa9 \xf0\x9f\x94\x91"), "caf\xc3\xa9 \xf0\x9f\x94\x91");
  EXPECT_EQ(visible("bad \xff byte"), "bad \xef\xbf\xbd byte");  // U+FFFD
  EXPECT_EQ(visible(std::string("nul\0x", 5)), "nul\\x00x");
}

TEST(MarkupEscape, EveryMarkupCharacterIsAReference) {
  EXPECT_EQ(markup_escape("</script><img src=x onerror='a(1)'>&amp;\""),
            "&lt;/script&gt;&lt;img src=x onerror=&#39;a(1)&#39;&gt;&amp;amp;&quot;");
  EXPECT_EQ(markup_escape("a\x1b"
                          "b\nc",
                          true),
            "a\\x1bb\nc");
}

}  // namespace
}  // namespace wid
