// The log scanner: prefilter -> candidate records -> confirm. Records (a line plus its
// continuation lines) are matched raw and again after unescaping; the prefilter stage names the
// candidate rules of each record, the confirm stage runs each candidate's own regexes to decide and
// to fill named captures. The default prefilter is an RE2::Set over every pattern, with Hyperscan
// in front of it for plain ASCII records where the build has it (rules/prefilter.h).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/model/evidence.h"
#include "analyzer/model/finding.h"
#include "analyzer/model/limits.h"
#include "analyzer/model/redact.h"
#include "analyzer/model/result.h"
#include "rules/catalog.h"

namespace wid {

// Hits of one rule for one subject (the rule's subject template over the record's captures).
struct RuleHits {
  std::string rule_id;
  std::string subject_key;  // rendered subject template; empty when the rule has none
  std::string component;
  uint64_t count = 0;
  SourceRef first, last;
  std::vector<Sample> samples;
  // Captures of the first matching record (they fill the fix), and every distinct value seen.
  std::map<std::string, std::string> first_captures;
  std::map<std::string, std::vector<std::string>> captures;
  std::vector<std::string> candidate_causes;
  std::string derived_from;  // for a cause proven by another rule's text: that rule's id
  // For a rule with aliases: which of its codes (id or aliases) the matched text carried.
  std::vector<std::string> codes;
  // For a wrapper rule: the rules it wraps that matched the same records, and how many of its
  // records carried one of them (all of them: the wrapper is explained by those findings).
  std::vector<std::string> wrapped;
  uint64_t wrapped_records = 0;
  // Earliest and latest record times: full RFC 3339 ("2026-11-28T11:40:28Z") when the records
  // carry one, else klog's year-less "MM-DDTHH:MM:SS" (the engine adds the year).
  std::string first_time, last_time;
};

struct ScanResult {
  std::vector<RuleHits> hits;  // sorted by (rule_id, subject_key, component)
  uint64_t bytes = 0;
  uint64_t records = 0;
  uint64_t truncated_records = 0;
  // Records cut at ScanOptions::max_record_bytes, per log path: each an ANALYSIS_LIMIT_REACHED.
  std::map<std::string, uint64_t> truncated_by_path;
  std::vector<Error> errors;  // read errors per source (truncated gzip, I/O), scanning went on
  RedactionCounts redactions;
  std::string newest_timestamp;  // newest full RFC 3339 timestamp seen on a matched record
  // Newest year-less klog time on a matched record ("MM-DDTHH:MM:SS"): the engine gives it a
  // year from a full timestamp in the bundle, else from the clock.
  std::string newest_klog_time;
};

struct ScanOptions {
  int threads = 1;
  bool unescape = true;  // also match the unescaped record
  bool use_prefilter =
      true;  // false: run every rule's regexes on every record (differential tests)
  // The Teddy literal stage (rules/literal_prefilter.h) in front of the RE2::Set. Off: with the
  // catalog's 212 patterns its buckets pass most lines, and a whole run with it took 1.25x the
  // time of the Set alone (bench/README.md); kept for the differential tests and the bench.
  bool literal_prefilter = false;
  // Plain ASCII records go to the built-in Hyperscan database before the RE2::Set, when the build
  // and the CPU have Hyperscan (rules/hs_prefilter.h). Off: the Set alone (differential tests).
  bool hyperscan = true;
  // A record (a line and its continuation lines) is cut here (--max-record-bytes).
  size_t max_record_bytes = limits::kMaxRecordBytes;
  // Sample lines kept per finding (--limit samples); count, first and last are always whole.
  size_t max_samples = limits::kMaxSamplesPerFinding;
};

class CompiledRules;  // per-thread engine state (RE2 objects are never shared across threads)
class ScanStream;

class LogScanner {
 public:
  // Compiles the catalog's log rules. Fails only on a pattern RE2 rejects (the loader has
  // already checked them, so this is a bug or an out-of-memory Set).
  static Result<std::unique_ptr<LogScanner>> create(const Catalog& catalog, ScanOptions options);
  ~LogScanner();

  // Scans every source (split into work units across options.threads threads) and merges the
  // results deterministically: the same for any thread count.
  ScanResult scan(const std::vector<LogSource>& sources) const;

  // A scan that takes its sources one at a time, while they are still being found (the ingest
  // hands each log over as it files it): up to threads - 1 threads of its own scan what has come,
  // and finish() has the calling thread scan what is left. The result is scan()'s for the same
  // sources, whatever order they came in.
  std::unique_ptr<ScanStream> stream() const;

  // Matches one record of text as if it were a whole log (tests, envelopes, differential).
  ScanResult scan_text(std::string_view text, const std::string& path = "inline.log",
                       const std::string& component = "unknown") const;

  size_t pattern_count() const;

 private:
  friend class ScanStream;
  LogScanner(const Catalog& catalog, ScanOptions options);
  // Compiled rules are costly (tens of ms); workers borrow them from a pool so repeated scans
  // (scan_text in tests, many small sources) compile once per thread, never share one at a time.
  std::unique_ptr<CompiledRules> borrow() const;
  void give_back(std::unique_ptr<CompiledRules> rules) const;
  const Catalog& catalog_;
  ScanOptions options_;
  std::vector<const Rule*> rules_;
  mutable std::mutex pool_mutex_;
  mutable std::vector<std::unique_ptr<CompiledRules>> pool_;
};

class ScanStream {
 public:
  ~ScanStream();  // without finish(): what was not scanned yet is dropped, the threads joined
  ScanStream(const ScanStream&) = delete;
  ScanStream& operator=(const ScanStream&) = delete;

  // One thread adds. A big seekable source is cut into work units here (rules/log_scanner.cc).
  void add(const LogSource& source);
  // Scans what is left, joins the threads and merges by source path: call once.
  ScanResult finish();

 private:
  friend class LogScanner;
  explicit ScanStream(const LogScanner& scanner);
  struct State;
  void work();
  std::unique_ptr<State> state_;
};

// Unescapes a log record for matching: HTML entities, then klog/Go and JSON escapes (\" \\ \n
// \r \t \u0027 \u003c ...), repeated until the text stops changing (at most
// limits::kMaxUnescapeRounds). Returns the input unchanged when it holds no escape at all.
std::string unescape_record(std::string_view record);
// Whether unescape_record may change the record: it holds a backslash, an & or a line break.
// When false, the unescaped text is the record itself.
bool may_unescape(std::string_view record);

}  // namespace wid
