// Whether a rule's match sits in an error context: the per-match judgement behind
// docs/error-context.md. The scanner asks it only after a rule's regex matched a record (never per
// line), so its cost is per match. A code or keyword counts unless the record says it is not a
// failure: a count or negation of it ("0 AADSTS errors", "no AuthorizationFailed"), source code
// that tests for it, a diff line, or (weaker) an info-level line, a Markdown table row, bullet or
// heading. An error envelope in the record (err=, error_description, Code=, RESPONSE 403, an
// exception type...) outweighs the weaker signals.
#pragma once

#include <cstddef>
#include <string_view>

namespace wid {

// Why a match does or does not count; kError is the only verdict that counts.
enum class ContextVerdict {
  kError,         // no sign against it, or an error envelope outweighs a weak sign
  kCount,         // "0 <match>", "no <match>", "<match>: 0": a count or negation of it
  kSourceCode,    // the match is a string literal a script or program compares with
  kDiff,          // a line of a diff ("+..." / "-...")
  kInfoLevel,     // an info/debug record with no error word in it
  kDocShape,      // a Markdown table row, bullet or heading with no error envelope
  kHypothetical,  // advice to a reader: "if you are seeing <match>", "when you get <match>"
};

// How many mentions of one pattern in one record the scanner judges before giving up on it: a
// record listing a code many times in prose stays cheap.
constexpr int kMaxContextTries = 8;

const char* context_verdict_name(ContextVerdict v);

// Judges the match text[begin, end) of one record (a line and its continuation lines): the line
// holding the match is judged for shape, the record's first line for its level, the whole record
// for an error envelope. lead_in is the prose that introduced the Markdown fenced block or
// blockquote the record sits in ("you'll see an error with the following message:"), empty
// elsewhere: a hypothetical lead-in makes the whole block hypothetical.
// section is the Markdown heading the record sits under: a section titled with the error
// ("## AADSTS70021: No matching…", "### Troubleshooting `AADSTS700213`") or as an explanation
// ("## Root cause", "## Workaround") documents it.
ContextVerdict judge_error_context(std::string_view record, size_t begin, size_t end,
                                   std::string_view lead_in = {}, std::string_view section = {});

inline bool in_error_context(std::string_view record, size_t begin, size_t end,
                             std::string_view lead_in = {}, std::string_view section = {}) {
  return judge_error_context(record, begin, end, lead_in, section) == ContextVerdict::kError;
}

}  // namespace wid
