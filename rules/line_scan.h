// The scanner's pass over a read block: one sweep finds where a line ends and learns what the
// prefilter asks of it (does unescaping touch it, is it ASCII), instead of a memchr for the line
// end and two more passes per record. On the 256 MiB bench bundle the three separate passes took
// about four times as long as this one (bench/README.md).
#pragma once

#include <cstddef>
#include <string_view>

namespace wid {

// What the prefilter needs to know of a record before it picks a first stage. The defaults are the
// safe answer for a record nothing is known of: unescaping may change it, it may not be ASCII.
struct TextTraits {
  bool escaped = true;  // as may_unescape (rules/log_scanner.h) would say
  bool ascii = false;   // as is_ascii (rules/hs_prefilter.h) would say
};

// The length of the line at the start of text: the offset of its first '\n', or text.size() when
// there is none. traits describe that line as the scanner keeps it, without one final '\r' (a CRLF
// line end): escaped when it holds a backslash, an '&' or another '\r'; ascii when no byte is above
// 0x7f.
size_t scan_line(std::string_view text, TextTraits& traits);

}  // namespace wid
