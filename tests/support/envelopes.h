// Test support: puts a message (a catalog rule's example or counterexample) into each real
// envelope a log rule must survive — klog `err="..."` with Go quoting and the multi-line `err=<`
// block, older controller-runtime key/values, zap JSON, JSON-in-JSON, the .NET / Java / Python /
// JS SDK exception shapes, HTML- and \u-escaped JSON, `kubectl describe` conditions and events, a
// Terraform box — and returns the full log text as it would sit in a file (one or more lines,
// ending with '\n'). Shapes are copied from real controller and SDK logs.
//
// A message with a line break is carried the way each envelope carries one: escaped (`\n`) inside
// quoted and JSON values, as its own lines inside klog `err=<` blocks and Terraform boxes, and as
// indented continuation lines in the raw-text envelopes (exceptions, describe output), so that the
// message stays one log record. No envelope drops or skips a message.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wid::test {

using WrapFn = std::string (*)(std::string_view message);

struct Envelope {
  const char* name;         // stable id: test names and failure messages use it
  const char* description;  // where this shape comes from
  WrapFn wrap;
};

// Every envelope, in a fixed order (the first, "plain", is the message as written).
const std::vector<Envelope>& all_envelopes();

// The envelope called name; nullptr when there is none.
const Envelope* find_envelope(std::string_view name);

// --- The escapers the envelopes use (exposed so tests can build expectations) ---

// Go's strconv.Quote without the surrounding quotes (what klog's `err="..."` and `%q` print):
// `"` -> `\"`, `\` -> `\\`, newline -> `\n`, other controls as `\t`, `\r`, `\x01`; invalid UTF-8
// bytes as `\xff`; printable non-ASCII kept as is.
std::string go_quote(std::string_view s);

enum class JsonEscape {
  kGo,      // encoding/json with SetEscapeHTML(false) and zap: `"` `\` and controls only
  kGoHtml,  // encoding/json default: also `<` `>` `&` as \u003c \u003e \u0026
  kDotNet,  // System.Text.Json default encoder: `"` -> \u0022, `'` -> \u0027, `<` `>` `&` `+`
            // as \u003C \u003E \u0026 \u002B (upper-case hex), non-ASCII as \uXXXX
};
// The body of a JSON string (without the surrounding quotes).
std::string json_escape(std::string_view s, JsonEscape style = JsonEscape::kGo);

// Go html/template / text/template HTMLEscape: `"` -> &#34;, `'` -> &#39;, `&` -> &amp;,
// `<` -> &lt;, `>` -> &gt;, `+` -> &#43;.
std::string html_escape_numeric(std::string_view s);
// The named-entity flavour (Java escapeHtml, most web UIs): `"` -> &quot;, `'` -> &#39;, `&` ->
// &amp;, `<` -> &lt;, `>` -> &gt;.
std::string html_escape_named(std::string_view s);

// Splits s at '\n' (a trailing "\r" on a line is kept). An empty s gives one empty line.
std::vector<std::string> split_lines(std::string_view s);

// Greedy word wrap at spaces (mitchellh/go-wordwrap, which Terraform uses): lines of at most
// width bytes unless a single word is longer; the space at a break is dropped.
std::vector<std::string> word_wrap(std::string_view s, size_t width);

// The Entra numeric error code of the first AADSTS<digits> in s, or "" (envelopes that print the
// code separately — Entra's JSON `error_codes`, MSAL JS — take it from the message itself, so an
// envelope never adds a code the message does not have).
std::string aadsts_code(std::string_view s);

}  // namespace wid::test
