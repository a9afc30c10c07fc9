// Every size and count limit the renderers use, in one place: how much of a value, how many
// samples and evidence items, how many bytes a whole report may take. The JSON report has none of
// these: it keeps every value whole, so every cut below can point to it. Fix commands are never
// cut anywhere (they must be exact or absent): a command over its limit is left to the JSON.
#pragma once

#include <cstddef>

#include "analyzer/model/limits.h"

namespace wid::render_limits {

// Shared by the text-like reports (text, junit, markdown): detail lines and observed/expected
// values longer than this are cut with a marker, so a 10 MB value from a hostile or broken input
// cannot flood a terminal, a CI view or a step summary.
inline constexpr size_t kValueBytes = 2048;
// A fix command longer than this is left to the JSON report rather than cut.
inline constexpr size_t kCommandBytes = 8 * limits::kKiB;
// Evidence items shown per finding: enough for any check's comparison, never a screenful.
inline constexpr size_t kEvidencePerFinding = 20;

namespace text {
// Sample lines are cut at this many bytes: enough to recognise the line (klog header, message,
// the start of the error chain), short enough that three of them do not bury the fix. The values
// that matter are already in the finding's detail.
inline constexpr size_t kTextSampleBytes = 320;
// Sample lines shown per finding.
inline constexpr size_t kTextSamplesPerFinding = 3;
inline constexpr size_t kTextValueBytes = kValueBytes;
}  // namespace text

namespace html {
// Values (details, observed/expected, samples, subjects) longer than this are cut with a marker:
// a 10 MB value must not make the page unusable. The embedded JSON keeps every value whole.
inline constexpr size_t kHtmlValueBytes = 4 * limits::kKiB;
// Sample lines and evidence items shown per finding; the embedded JSON keeps all of them.
inline constexpr size_t kHtmlSamplesPerFinding = 5;
inline constexpr size_t kHtmlEvidencePerFinding = kEvidencePerFinding;
// The inputs list is open when short enough to read at a glance.
inline constexpr size_t kHtmlInputsOpen = 10;
}  // namespace html

namespace junit {
// failure@message and skipped@message are one-line captions in every viewer; the body has the
// rest.
inline constexpr size_t kMessageBytes = 256;
// Testcase names and classnames: long enough for any Azure resource ID, short enough that a
// hostile subject cannot make every row of a CI view a screenful.
inline constexpr size_t kNameBytes = 512;
inline constexpr size_t kValueBytes = render_limits::kValueBytes;
inline constexpr size_t kSampleBytes = 512;
inline constexpr size_t kSamplesPerCase = 3;
inline constexpr size_t kEvidencePerCase = kEvidencePerFinding;
inline constexpr size_t kCommandBytes = render_limits::kCommandBytes;
// GitLab refuses a JUnit file over 30 MB. Every testcase is always written (the counts must equal
// the report's); past this many bytes of bodies the rest carry only their title and a pointer to
// the JSON report, which keeps 30,000 findings near 20 MB.
inline constexpr size_t kBodyBudgetBytes = limits::kMaxJunitBodyBytes;
}  // namespace junit

namespace markdown {
// GitHub refuses a job step summary over 1 MiB: the report stops short of it with room to spare.
inline constexpr size_t kMaxBytes = limits::kMaxMarkdownBytes;
// Room kept for "not checked" and the passes after the findings, each cut to half of it.
inline constexpr size_t kTailBytes = 96 * limits::kKiB;
// Share of the findings' room the table may take; the rest is for the per-finding details, so a
// long table cannot crowd out every fix.
inline constexpr size_t kTableShareDivisor = 4;
// Table cells: one line each, long enough for an Azure resource ID.
inline constexpr size_t kCellBytes = 256;
inline constexpr size_t kTitleBytes = 256;
inline constexpr size_t kValueBytes = render_limits::kValueBytes;
inline constexpr size_t kSampleBytes = 512;
inline constexpr size_t kSamplesPerFinding = 3;
inline constexpr size_t kEvidencePerFinding = render_limits::kEvidencePerFinding;
inline constexpr size_t kCommandBytes = render_limits::kCommandBytes;
// Collector lines listed; more than this is a bundle of many sources, summed up in one line.
inline constexpr size_t kMaxCollectorLines = 20;
}  // namespace markdown

namespace sarif {
// GitHub code scanning shows the first 5,000 results of a run and rejects a run with more than
// 25,000; past 5,000 the rest would be invisible anyway, and the JSON report keeps every finding.
inline constexpr size_t kMaxResults = limits::kMaxSarifResults;
// A 10 MB detail from a hostile input must not make a 10 MB SARIF message.
inline constexpr size_t kMaxMessageBytes = 8 * limits::kKiB;
// Catalog words can come from a user's --rules file: bounded the same way.
inline constexpr size_t kMaxRuleTextBytes = 8 * limits::kKiB;
inline constexpr size_t kMaxNameBytes = 1024;
// A synthetic file name stays short enough for any file system and any viewer's tree.
inline constexpr size_t kMaxSyntheticNameBytes = 100;
}  // namespace sarif

}  // namespace wid::render_limits
