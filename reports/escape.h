// Escaping for the sinks. Every string a renderer prints may come from the user's files (log
// samples, object names, captured values, even titles from --rules), so each sink escapes for its
// own context: a terminal, HTML text and attributes, XML 1.0.
#pragma once

#include <string>
#include <string_view>

namespace wid {

// Valid UTF-8 with nothing that acts or hides: C0 controls (tab kept; newline kept only when
// keep_newlines) and DEL become \xNN; C1 controls, bidi embeddings/overrides/isolates (Trojan
// Source), zero-width characters, U+2028/2029, the BOM and the noncharacters U+FFFE/U+FFFF become
// \u{XXXX}. Safe for a terminal (no ESC or CR survives: CVE-2021-25743) and for XML 1.0.
std::string visible(std::string_view raw, bool keep_newlines = false);

// visible(), then & < > " ' as character references: safe in HTML or XML text and in a quoted
// attribute value. Never safe inside <script> or a URL attribute; see html.cc for those.
std::string markup_escape(std::string_view raw, bool keep_newlines = false);

}  // namespace wid
