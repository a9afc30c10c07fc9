// The escape-tolerant form of a pattern, shared by the scanner's prefilters, the catalog compiler
// and the build-time Hyperscan generator (rules/generate/), which is why it needs nothing but the
// standard library.
#pragma once

#include <string>

namespace wid {

// Rewrites a pattern written for plain text so that it also matches the same text as it appears
// escaped in logs: quotes as \" \\\" &#34; &quot; \u0022, apostrophes as \u0027 &#39;, & < > as
// entities, a backtick as \u0060, a space as any run of whitespace or escaped line breaks (klog
// err=< blocks, \r\n in JSON, a Terraform box), / as \/. It only widens the language (literals in
// character classes and group syntax are left alone), so it is a sound prefilter: confirmation
// decides.
std::string escape_tolerant(const std::string& pattern);

}  // namespace wid
