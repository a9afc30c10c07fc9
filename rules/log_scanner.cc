// The log scanner. Data path per work unit: read 1 MiB blocks -> split lines -> fold continuation
// lines into records -> prefilter names candidate patterns -> confirm runs each candidate's RE2 on
// the record (raw, and unescaped) to decide and fill captures -> per-(rule, subject, component)
// hits. Units are merged in (source, offset) order, so results do not depend on thread count.
#include "rules/log_scanner.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <set>
#include <thread>
#include <tuple>

#include "analyzer/model/limits.h"
#include "analyzer/model/memory_source.h"
#include "analyzer/model/text.h"
#include "rules/azcore_block.h"
#include "rules/error_context.h"
#include "rules/line_scan.h"
#include "rules/literal_prefilter.h"
#include "rules/prefilter.h"
#include "rules/quote_tracker.h"
#include "rules/record_codes.h"

namespace wid {

// Per-thread engine state: RE2 objects are never shared between threads (the DFA cache lock
// dominates with many cores).
class CompiledRules {
 public:
  CompiledRules(const std::vector<const Rule*>& rules, const Catalog& catalog,
                const ScanOptions& options)
      : rules_(rules) {
    RE2::Options opts;
    opts.set_log_errors(false);
    opts.set_max_mem(limits::kRe2MaxMem);
    opts_ = opts;
    for (size_t r = 0; r < rules.size(); ++r) {
      rule_patterns_.emplace_back();
      for (auto& p : rules[r]->patterns) {
        rule_patterns_.back().push_back(static_cast<int>(regexes_.size()));
        regexes_.emplace_back();  // compiled when the prefilter first names it
        pattern_rule_.push_back(static_cast<int>(r));
        patterns_.push_back(p);
      }
      std::vector<std::unique_ptr<RE2>> conds;
      for (auto& d : rules[r]->derive)
        conds.push_back(d.when.matches.empty() ? nullptr
                                               : std::make_unique<RE2>(d.when.matches, opts));
      derive_regex_.push_back(std::move(conds));
      unless_.emplace_back(rules[r]->unless.size());  // compiled when a record first needs them
    }
    for (auto* r : rules) index_.emplace(r->id, index_.size());
    for (size_t r = 0; r < rules.size(); ++r)
      for (auto& d : rules[r]->derive) {
        if (!index_.count(d.id)) {
          // A derived cause that is not itself a scanned log rule still gets a slot.
          if (const Rule* dr = catalog.find(d.id)) {
            index_.emplace(d.id, rules_.size());
            rules_.push_back(dr);
            derive_regex_.emplace_back();
          }
        }
      }
    if (!options.use_prefilter)
      prefilter_ = make_null_prefilter(patterns_.size());
    else if (options.literal_prefilter)
      prefilter_ = make_literal_prefilter(patterns_);
    else
      prefilter_ = make_set_prefilter(patterns_, options.hyperscan);
  }

  // The loader has compiled every pattern once already (rules/catalog_compiler.cc); here only the
  // prefilter can fail.
  bool ok() const { return prefilter_ != nullptr; }

  const std::vector<const Rule*>& rules() const { return rules_; }
  // A pattern's own RE2, compiled on first use: most runs confirm a handful of the catalog's
  // patterns, and compiling all of them took 6-14 ms and 4.5 MiB per thread.
  const RE2& regex(size_t p) {
    if (!regexes_[p]) regexes_[p] = std::make_unique<RE2>(patterns_[p], opts_);
    return *regexes_[p];
  }
  int pattern_rule(size_t p) const { return pattern_rule_[p]; }
  // Whether one of the rule's match.unless patterns matches the text.
  bool vetoed(size_t rule, std::string_view text) {
    if (rule >= unless_.size()) return false;  // a derived cause's slot: it has no patterns here
    auto& res = unless_[rule];
    for (size_t i = 0; i < res.size(); ++i) {
      if (!res[i]) res[i] = std::make_unique<RE2>(rules_[rule]->unless[i], opts_);
      if (RE2::PartialMatch(text, *res[i])) return true;
    }
    return false;
  }
  size_t pattern_count() const { return regexes_.size(); }
  Prefilter& prefilter() { return *prefilter_; }
  // Replaces candidate patterns by every pattern of their rules, sorted and unique.
  void expand_to_rules(std::vector<int>& cands) const {
    std::vector<int> out;
    for (int p : cands) {
      int r = pattern_rule_[static_cast<size_t>(p)];
      for (int q : rule_patterns_[static_cast<size_t>(r)]) out.push_back(q);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    cands.swap(out);
  }
  const RE2* derive_regex(size_t rule, size_t k) const { return derive_regex_[rule][k].get(); }
  size_t index_of(const std::string& id) const {
    auto it = index_.find(id);
    return it == index_.end() ? SIZE_MAX : it->second;
  }

 private:
  std::vector<const Rule*> rules_;
  RE2::Options opts_;
  std::vector<std::string> patterns_;  // pattern p's text, for its RE2
  std::vector<std::unique_ptr<RE2>> regexes_;
  std::vector<int> pattern_rule_;
  std::vector<std::vector<int>> rule_patterns_;
  std::vector<std::vector<std::unique_ptr<RE2>>> derive_regex_;
  std::vector<std::vector<std::unique_ptr<RE2>>> unless_;  // per rule, match.unless
  std::map<std::string, size_t> index_;
  std::unique_ptr<Prefilter> prefilter_;
};

namespace {

using HitKey = std::tuple<size_t, std::string, std::string>;  // rule index, subject, component

struct UnitResult {
  std::map<HitKey, RuleHits> hits;
  uint64_t lines = 0;  // lines in the unit, to fix up line numbers of later units
  uint64_t bytes = 0, records = 0, truncated = 0;
  std::vector<Error> errors;
  RedactionCounts redactions;
  std::string newest_timestamp;
  std::string newest_klog_time;
};

struct WorkUnit {
  size_t source;
  uint64_t offset = 0;
  uint64_t length = 0;  // 0 with whole = true
  bool whole = true;
};

bool rule_applies(const Rule& r, const std::string& component) {
  if (r.components.empty()) return true;
  for (auto& c : r.components)
    if (c == "any" || c == component) return true;
  return false;
}

// "Status: 400 (Bad Request)": the second line of the Azure SDK for .NET's RequestFailedException
// message, written at the start of a line under the exception it belongs to.
bool dotnet_status_line(std::string_view line) {
  return line.size() > 12 && starts_with(line, "Status: ") && line[8] >= '1' && line[8] <= '5' &&
         std::isdigit(static_cast<unsigned char>(line[9])) &&
         std::isdigit(static_cast<unsigned char>(line[10])) && line[11] == ' ' && line[12] == '(';
}

// A section header of the same message: "Content:" (the response body), "Headers:",
// "Additional Information:", each after a blank line, and "ErrorCode: X" right under the status.
// The body often names the cause ("pod list is empty", an IMDS error), so it belongs to the record.
bool dotnet_section_line(std::string_view line) {
  return line == "Content:" || line == "Headers:" || line == "Additional Information:";
}

bool fence_line(std::string_view line) {
  return starts_with(line, "```") || starts_with(line, "~~~");
}

// Java's logging (logback, log4j, java.util.logging) prints a thrown exception at column 0 under
// the message line: "javax.net.ssl.SSLHandshakeException: …", then "\tat …" frames and
// "Caused by: …". Such a line is the record's cause, not a record of its own.
bool java_exception_line(std::string_view line) {
  if (starts_with(line, "Caused by: ")) return true;
  if (line.empty() || line[0] < 'a' || line[0] > 'z') return false;
  // package segments (lower case), then the class: a.b.c.SomeException[: …]
  size_t i = 0;
  int packages = 0;
  while (i < line.size()) {
    const size_t start = i;
    while (i < line.size() && (std::islower(static_cast<unsigned char>(line[i])) ||
                               std::isdigit(static_cast<unsigned char>(line[i])) || line[i] == '_'))
      ++i;
    if (i == start || i >= line.size() || line[i] != '.') break;
    ++packages;
    ++i;
    if (i < line.size() && std::isupper(static_cast<unsigned char>(line[i]))) {
      size_t end = i;
      while (end < line.size() && (std::isalnum(static_cast<unsigned char>(line[end])) ||
                                   line[end] == '$' || line[end] == '_'))
        ++end;
      const std::string_view cls = line.substr(i, end - i);
      const bool thrown = cls.ends_with("Exception") || cls.ends_with("Error");
      return packages >= 2 && thrown && (end == line.size() || line[end] == ':');
    }
  }
  return false;
}

// A Go error chain wrapped at its colons ("ClientSecretCredential: unable to resolve an
// endpoint:" / "server response error:" / "context deadline exceeded"): after a line that ends
// with a colon, a line that opens in lower case goes on with the same error.
bool wrapped_cause(std::string_view line) {
  return !line.empty() && line[0] >= 'a' && line[0] <= 'z';
}

// A line continues the current record when it is indented (klog err=< blocks, stack traces,
// wrapped messages), is part of a Terraform box, is a .NET exception's status line or a Java
// exception under its log line.
bool is_continuation(std::string_view line) {
  if (line.empty()) return false;
  if (line[0] == ' ' || line[0] == '\t') {
    // A Markdown fence indented under a list item opens (or closes) a quoted block of its own;
    // the paragraph above it is the block's lead-in, not the same record.
    const size_t i = line.find_first_not_of(" \t");
    return i == std::string_view::npos || !fence_line(line.substr(i));
  }
  if (line[0] == 'S') return dotnet_status_line(line);
  if (java_exception_line(line)) return true;
  return starts_with(line, "\xE2\x94\x82") || starts_with(line, "\xE2\x95\xB5");  // │ ╵
}

// Finds an RFC 3339 timestamp (YYYY-MM-DDTHH:MM:SS) near the start of a record.
std::string find_timestamp(std::string_view rec) {
  std::string_view head = rec.substr(0, 256);
  for (size_t i = 0; i + 19 <= head.size(); ++i) {
    auto d = [&](size_t k) { return head[i + k] >= '0' && head[i + k] <= '9'; };
    if (head[i] == '2' && d(1) && d(2) && d(3) && head[i + 4] == '-' && d(5) && d(6) &&
        head[i + 7] == '-' && d(8) && d(9) && (head[i + 10] == 'T' || head[i + 10] == ' ') &&
        d(11) && d(12) && head[i + 13] == ':' && d(14) && d(15) && head[i + 16] == ':' && d(17) &&
        d(18)) {
      std::string ts(head.substr(i, 19));
      ts[10] = 'T';
      return ts + "Z";
    }
  }
  return "";
}

// klog's header "Lmmdd hh:mm:ss.uuuuuu" carries no year: returned as "mm-ddThh:mm:ss".
std::string find_klog_time(std::string_view rec) {
  if (rec.size() < 15 || std::string_view("IWEF").find(rec[0]) == std::string_view::npos) return "";
  auto d = [&](size_t k) { return rec[k] >= '0' && rec[k] <= '9'; };
  if (!(d(1) && d(2) && d(3) && d(4) && rec[5] == ' ' && d(6) && d(7) && rec[8] == ':' && d(9) &&
        d(10) && rec[11] == ':' && d(12) && d(13)))
    return "";
  return std::string(rec.substr(1, 2)) + "-" + std::string(rec.substr(3, 2)) + "T" +
         std::string(rec.substr(6, 8));
}

// Widens a hit's time range. Full timestamps ("2026-...") win over year-less klog ones
// ("11-27T..."): the two forms do not compare, and a full one needs no guessing.
void note_time(RuleHits& h, const std::string& t) {
  if (t.empty()) return;
  const bool full = t.size() > 4 && t[4] == '-';
  const bool have_full = !h.first_time.empty() && h.first_time.size() > 4 && h.first_time[4] == '-';
  if (have_full && !full) return;
  if (full && !have_full) h.first_time = h.last_time = "";
  if (h.first_time.empty() || t < h.first_time) h.first_time = t;
  if (h.last_time.empty() || t > h.last_time) h.last_time = t;
}

// CRI framing: "<RFC3339> stdout|stderr P|F <message>". Returns the message and whether the line
// is a partial (P) that the next line continues.
std::string_view strip_cri(std::string_view line, bool& partial) {
  partial = false;
  size_t a = line.find(' ');
  if (a == std::string_view::npos) return line;
  size_t b = line.find(' ', a + 1);
  if (b == std::string_view::npos) return line;
  std::string_view stream = line.substr(a + 1, b - a - 1);
  if (stream != "stdout" && stream != "stderr") return line;
  if (b + 2 > line.size()) return line;
  char tag = line[b + 1];
  if (tag != 'P' && tag != 'F') return line;
  partial = tag == 'P';
  return b + 3 <= line.size() ? line.substr(b + 3) : std::string_view();
}

class UnitScanner {
 public:
  UnitScanner(CompiledRules& rules, const LogSource& src, const ScanOptions& opts, UnitResult& out)
      : rules_(rules), src_(src), opts_(opts), out_(out) {}

  void scan(ChunkReader& reader) {
    // One read buffer per thread for every unit it scans: a fresh one per unit was zeroed (1 MiB)
    // for each small file, and under ASan also mapped and unmapped.
    thread_local std::vector<char> buf(limits::kReadBlockBytes);
    std::string carry;  // an incomplete line carried to the next block
    for (;;) {
      auto n = reader.read(buf.data(), buf.size());
      if (!n.ok()) {
        out_.errors.push_back(n.error());
        break;
      }
      if (*n == 0) break;
      out_.bytes += *n;
      std::string_view block(buf.data(), *n);
      size_t start = 0;
      for (;;) {
        TextTraits traits;
        const size_t nl = start + scan_line(block.substr(start), traits);
        if (nl == block.size()) break;
        if (!carry.empty()) {
          carry_cut_ |= append_capped(carry, block.substr(start, nl - start));
          on_carried_line(carry);
          carry.clear();
          carry_cut_ = false;
        } else {
          on_line(block.substr(start, nl - start), traits);
        }
        start = nl + 1;
      }
      if (start < block.size()) carry_cut_ |= append_capped(carry, block.substr(start));
    }
    if (!carry.empty()) on_carried_line(carry);
    flush_record();
    if (held_blank_) start_blank_record();
    flush_record();
  }

 private:
  // Appends up to the record limit; true when something was cut.
  bool append_capped(std::string& s, std::string_view more) const {
    size_t room = opts_.max_record_bytes > s.size() ? opts_.max_record_bytes - s.size() : 0;
    const bool cut = more.size() > room;
    s.append(more.substr(0, std::min(more.size(), room)));
    return cut;
  }

  // A line whose head came with an earlier read block: its traits are learnt again once it is
  // whole (the pass over this block saw only its tail).
  void on_carried_line(const std::string& line) {
    TextTraits traits;
    scan_line(line, traits);
    on_line(line, traits, carry_cut_);
  }

  // cut: the line was already cut (a carried line over the limit). The cut is charged to the
  // record that receives the line, never to the one flushed before it. traits are the whole
  // line's (rules/line_scan.h); a part of it (cut, or a CRI message) has no other escape and no
  // other non-ASCII byte, so they hold for every record the line goes into.
  void on_line(std::string_view line, const TextTraits& traits, bool cut = false) {
    ++line_no_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > opts_.max_record_bytes) {
      line = line.substr(0, opts_.max_record_bytes);
      cut = true;
    }
    if (src_.cri) {
      bool partial = false;
      std::string_view msg = strip_cri(line, partial);
      if (cri_partial_) {
        line_cut_ = append_capped(record_, msg) || cut || line_cut_;
        join_traits(traits, false);
        cri_partial_ = partial;
        return;
      }
      line = msg;
      if (partial) {
        if (held_blank_) start_blank_record();
        flush_record();
        record_line_ = line_no_;
        record_.assign(line);
        record_lines_ = 1;
        record_traits_ = traits;
        line_cut_ = cut;
        cri_partial_ = true;
        return;
      }
    }
    const bool room = record_lines_ > 0 && record_lines_ + 1 < limits::kMaxRecordLines;
    if (held_blank_) {
      held_blank_ = false;
      if (room && dotnet_section_line(line)) {
        record_ += "\n\n";
        line_cut_ = append_capped(record_, line) || cut || line_cut_;
        join_traits(traits, true);
        record_lines_ += 2;
        dump_section_ = true;
        return;
      }
      start_blank_record();  // the blank line is a record of its own, as without a dump
    }
    if (dotnet_dump_ && room) {
      if (line.empty()) {  // held until the next line says whether the message goes on
        held_blank_ = true;
        blank_line_no_ = line_no_;
        return;
      }
      if ((dump_section_ && !fence_line(line)) ||
          (!dump_section_ && starts_with(line, "ErrorCode: "))) {
        append_line(line, traits, cut);
        return;
      }
    }
    if (record_lines_ > 0 && record_lines_ < limits::kMaxRecordLines && azcore_.may_join(line)) {
      const size_t nl = record_.rfind('\n');
      const std::string_view last = nl == std::string::npos
                                        ? std::string_view(record_)
                                        : std::string_view(record_).substr(nl + 1);
      if (azcore_.joins(last, line)) {
        append_line(line, traits, cut);
        colon_ended_ = false;
        return;
      }
    }
    const bool after_colon = colon_ended_;
    colon_ended_ = !line.empty() && line.back() == ':';
    if (record_lines_ > 0 && record_lines_ < limits::kMaxRecordLines &&
        (is_continuation(line) || (after_colon && wrapped_cause(line)))) {
      append_line(line, traits, cut);
      dotnet_dump_ = dotnet_dump_ || dotnet_status_line(line);
      return;
    }
    flush_record();
    record_line_ = line_no_;
    record_.assign(line);
    record_lines_ = 1;
    record_traits_ = traits;
    line_cut_ = cut;
  }

  // The next line of the record, after a line break; cut: the line was already cut.
  void append_line(std::string_view line, const TextTraits& traits, bool cut) {
    record_ += '\n';
    line_cut_ = append_capped(record_, line) || cut || line_cut_;
    join_traits(traits, true);
    ++record_lines_;
  }

  // A line joins the record: after a line break (which unescaping reads), or glued on (a CRI
  // partial line's rest).
  void join_traits(const TextTraits& line, bool line_break) {
    record_traits_.escaped = record_traits_.escaped || line.escaped || line_break;
    record_traits_.ascii = record_traits_.ascii && line.ascii;
  }

  // A blank line held back by a .NET message turned out to end it: flush the message and make
  // the blank line the record it would have been (the quote tracker counts blank lines).
  void start_blank_record() {
    held_blank_ = false;
    flush_record();
    record_line_ = blank_line_no_;
    record_.clear();
    record_lines_ = 1;
    record_traits_ = TextTraits{false, true};
    line_cut_ = false;
  }

  void flush_record() {
    if (record_lines_ == 0) return;
    ++out_.records;
    if (line_cut_ || record_.size() >= opts_.max_record_bytes) ++out_.truncated;
    const Quoting q = quoting_.classify(record_);
    lead_in_ = q == Quoting::kQuoted ? quoting_.lead_in() : std::string_view();
    section_ = quoting_.section();
    match_record(record_, record_traits_);
    if (q == Quoting::kProse) quoting_.keep_prose(record_);  // swaps buffers: no copy
    record_.clear();
    record_lines_ = 0;
    line_cut_ = false;
    dotnet_dump_ = dump_section_ = false;
    azcore_.reset();
  }

  // Confirms candidate patterns on one text; merges named captures per rule. For the unescaped
  // copy, raw is the record as read: where a pattern also matches it, the raw record's judgement
  // stands, since the copy joins continuation lines and so hides a line's shape (quoted source
  // code, a table row) from the error-context judgement. Captures still come from the copy.
  void confirm(std::string_view text, std::vector<int>& cands,
               std::map<size_t, std::map<std::string, std::string>>& matched,
               std::string_view raw = {}) {
    for (int p : cands) {
      const RE2& re = rules_.regex(static_cast<size_t>(p));
      size_t rule = static_cast<size_t>(rules_.pattern_rule(static_cast<size_t>(p)));
      if (!rule_applies(*rules_.rules()[rule], src_.component)) continue;
      int ngroups = re.NumberOfCapturingGroups();
      std::vector<re2::StringPiece> groups(static_cast<size_t>(ngroups) + 1);
      if (!match_in_context(re, *rules_.rules()[rule], text, lead_in_, section_, groups)) continue;
      if (!raw.empty() && judged_prose_raw(re, *rules_.rules()[rule], raw)) continue;
      auto& caps = matched[rule];
      const Rule& r = *rules_.rules()[rule];
      if (!r.aliases.empty())
        note_codes(r, std::string_view(groups[0].data(), groups[0].size()), record_codes_[rule]);
      for (auto& [name, idx] : re.NamedCapturingGroups()) {
        auto& g = groups[static_cast<size_t>(idx)];
        if (g.data() != nullptr && !caps.count(name))
          caps[name] = to_utf8(std::string_view(g.data(), g.size()));
      }
    }
  }

  // The leftmost match that sits in an error context (rules/error_context.h), looking past
  // mentions judged prose; false when there is none. Judged only after a match, so the cost is
  // per match, not per record.
  static bool match_in_context(const RE2& re, const Rule& rule, std::string_view text,
                               std::string_view lead_in, std::string_view section,
                               std::vector<re2::StringPiece>& groups) {
    const re2::StringPiece whole(text.data(), text.size());
    const int n = static_cast<int>(groups.size());
    size_t pos = 0;
    for (int tries = 0; tries < kMaxContextTries && pos <= text.size(); ++tries) {
      if (!re.Match(whole, pos, text.size(), RE2::UNANCHORED, groups.data(), n)) return false;
      if (rule.context == MatchContext::kAny) return true;
      const size_t begin = static_cast<size_t>(groups[0].data() - text.data());
      const size_t end = begin + groups[0].size();
      if (in_error_context(text, begin, end, lead_in, section)) return true;
      pos = std::max(end, begin + 1);
    }
    return false;
  }

  // The pattern matches the raw record, and nowhere in an error context.
  bool judged_prose_raw(const RE2& re, const Rule& rule, std::string_view raw) const {
    if (rule.context == MatchContext::kAny) return false;
    if (!RE2::PartialMatch(raw, re)) return false;
    std::vector<re2::StringPiece> groups(1);
    return !match_in_context(re, rule, raw, lead_in_, section_, groups);
  }

  void match_record(const std::string& raw, const TextTraits& traits) {
    cands_.clear();
    rules_.prefilter().candidates(raw, traits, cands_);
    if (cands_.empty()) return;
    // Confirm every pattern of each candidate rule: a rule's code pattern may be the one the
    // prefilter saw, while its message pattern holds the captures.
    rules_.expand_to_rules(cands_);
    std::map<size_t, std::map<std::string, std::string>> matched;
    record_codes_.clear();
    std::string clean;
    bool unescaped = false;
    if (opts_.unescape && may_unescape(raw)) {
      clean = unescape_record(raw);
      // Prefer captures from the unescaped text: values there read as the service wrote them.
      unescaped = clean != raw;
      if (unescaped) confirm(clean, cands_, matched, raw);
    }
    confirm(raw, cands_, matched);
    std::erase_if(matched, [&](const auto& m) {
      return rules_.vetoed(m.first, raw) || (unescaped && rules_.vetoed(m.first, clean));
    });
    if (matched.empty()) return;
    std::string ts = find_timestamp(raw);
    if (ts > out_.newest_timestamp) out_.newest_timestamp = ts;
    record_time_ = ts;
    if (ts.empty()) {
      std::string kt = find_klog_time(raw);
      if (kt > out_.newest_klog_time) out_.newest_klog_time = kt;
      record_time_ = kt;
    }
    std::set<std::string> on_record;  // every rule this record proves, for the wrappers
    for (auto& [rule, caps] : matched) {
      const Rule& r = *rules_.rules()[rule];
      record_hit(rule, caps, raw, "");
      on_record.insert(r.id);
      for (size_t k = 0; k < r.derive.size(); ++k) {
        const Derivation& d = r.derive[k];
        if (!holds(rule, k, d.when, caps)) continue;
        size_t target = rules_.index_of(d.id);
        if (d.proves && target != SIZE_MAX) {
          record_hit(target, caps, raw, r.id);
          on_record.insert(rules_.rules()[target]->id);
        } else {
          auto& hit = hit_for(rule, caps);
          if (std::find(hit.candidate_causes.begin(), hit.candidate_causes.end(), d.id) ==
              hit.candidate_causes.end())
            hit.candidate_causes.push_back(d.id);
        }
      }
    }
    for (auto& [rule, caps] : matched) note_record(rule, caps, on_record);
  }

  // What the record says beyond the hit itself: the codes it carried, and for a wrapper the
  // wrapped rules it also proved.
  void note_record(size_t rule, const std::map<std::string, std::string>& caps,
                   const std::set<std::string>& on_record) {
    const Rule& r = *rules_.rules()[rule];
    auto codes = record_codes_.find(rule);
    if (r.wrapped.empty() && codes == record_codes_.end()) return;
    RuleHits& h = hit_for(rule, caps);
    if (codes != record_codes_.end())
      for (auto& c : codes->second)
        if (std::find(h.codes.begin(), h.codes.end(), c) == h.codes.end()) h.codes.push_back(c);
    bool wrapped = false;
    for (auto& w : r.wrapped)
      if (on_record.count(w)) {
        wrapped = true;
        if (std::find(h.wrapped.begin(), h.wrapped.end(), w) == h.wrapped.end())
          h.wrapped.push_back(w);
      }
    if (wrapped) ++h.wrapped_records;
  }

  bool holds(size_t rule, size_t k, const CaptureCondition& w,
             const std::map<std::string, std::string>& caps) const {
    if (!w.matches.empty()) {
      auto it = caps.find(w.capture);
      const RE2* re = rules_.derive_regex(rule, k);
      return it != caps.end() && re && RE2::PartialMatch(it->second, *re);
    }
    auto a = caps.find(w.greater), b = caps.find(w.than);
    return a != caps.end() && b != caps.end() && !a->second.empty() && !b->second.empty() &&
           a->second > b->second;
  }

  RuleHits& hit_for(size_t rule, const std::map<std::string, std::string>& caps) {
    const Rule& r = *rules_.rules()[rule];
    // A subject template groups by what failed, across components; when a record lacks the
    // captures it names (only a bare code matched), fall back to grouping by component.
    std::string subject;
    if (!r.subject.empty()) {
      std::vector<std::string> missing;
      subject = render_template(r.subject, caps, &missing);
      if (!missing.empty()) subject.clear();
    }
    auto key = HitKey{rule, subject, subject.empty() ? src_.component : std::string()};
    auto it = out_.hits.find(key);
    if (it == out_.hits.end()) {
      RuleHits h;
      h.rule_id = r.id;
      h.subject_key = subject;
      h.component = src_.component;
      it = out_.hits.emplace(key, std::move(h)).first;
    }
    return it->second;
  }

  void record_hit(size_t rule, const std::map<std::string, std::string>& caps,
                  const std::string& raw, const std::string& derived_from) {
    RuleHits& h = hit_for(rule, caps);
    SourceRef at{src_.source.path, record_line_, ""};
    if (h.count == 0) {
      h.first = at;
      h.first_captures = caps;
      h.derived_from = derived_from;
    }
    h.last = at;
    ++h.count;
    note_time(h, record_time_);
    if (h.samples.size() < opts_.max_samples) {
      std::string text = redact(raw, &out_.redactions);
      h.samples.push_back(Sample{at, truncate_utf8(to_utf8(text), limits::kMaxSampleBytes)});
    }
    for (auto& [name, value] : caps) {
      auto& vals = h.captures[name];
      if (vals.size() < limits::kMaxCaptureValues &&
          std::find(vals.begin(), vals.end(), value) == vals.end())
        vals.push_back(value);
    }
  }

  CompiledRules& rules_;
  const LogSource& src_;
  const ScanOptions& opts_;
  UnitResult& out_;
  std::string record_;
  TextTraits record_traits_;  // of record_, learnt from its lines as they were read
  QuoteTracker quoting_;      // Markdown fences and blockquotes, for the error-context judgement
  std::string_view lead_in_;  // the prose before the quoted block this record sits in, or empty
  std::string_view section_;  // the Markdown heading above this record, or empty
  std::string record_time_;   // of the record being matched: full RFC 3339 or klog's year-less form
  uint64_t record_line_ = 0;
  size_t record_lines_ = 0;
  uint64_t line_no_ = 0;
  bool line_cut_ = false;   // the record being built was cut at the limit
  bool carry_cut_ = false;  // the line carried across read blocks was cut at the limit
  bool cri_partial_ = false;
  bool colon_ended_ = false;  // the last line read ended with a colon
  // A .NET RequestFailedException message ("Service request failed." / "Status: 500 (…)" /
  // blank / "Content:" / body / blank / "Headers:" …) is one record: the record holds its status
  // line, a section header started, and a blank line waits for the next line to decide.
  bool dotnet_dump_ = false;
  bool dump_section_ = false;
  bool held_blank_ = false;
  uint64_t blank_line_no_ = 0;
  AzcoreBlock azcore_;  // a Go azcore ResponseError's lines, gathered into one record
  std::vector<int> cands_;
  std::map<size_t, std::vector<std::string>> record_codes_;  // of the record being matched

 public:
  uint64_t lines() const { return line_no_; }
};

// Picks split points for a large seekable file: at a line start that begins a new record.
std::vector<WorkUnit> plan_units(size_t index, const LogSource& src) {
  std::vector<WorkUnit> units;
  const ChunkSource& cs = *src.content;
  uint64_t size = cs.size();
  if (!cs.seekable() || src.cri || size <= limits::kWorkUnitBytes) {
    units.push_back(WorkUnit{index, 0, 0, true});
    return units;
  }
  uint64_t start = 0;
  while (start < size) {
    uint64_t target = start + limits::kWorkUnitBytes;
    if (target >= size) break;
    uint64_t cut = size;
    // Look for "\n" followed by a line that does not continue a record.
    constexpr uint64_t kProbe = 256ULL * 1024;
    for (uint64_t probe = target; probe < size && cut == size; probe += kProbe) {
      auto r = cs.open_range(probe, std::min(kProbe + 4, size - probe));
      if (!r.ok()) break;
      std::string chunk(kProbe + 4, '\0');
      auto n = (*r)->read(chunk.data(), chunk.size());
      if (!n.ok() || *n == 0) break;
      chunk.resize(*n);
      for (size_t i = 0; i + 1 < chunk.size(); ++i) {
        if (chunk[i] == '\n' && !is_continuation(std::string_view(chunk).substr(i + 1))) {
          cut = probe + i + 1;
          break;
        }
      }
    }
    if (cut >= size) break;
    units.push_back(WorkUnit{index, start, cut - start, false});
    start = cut;
  }
  units.push_back(WorkUnit{index, start, size - start, false});
  return units;
}

void merge_hits(RuleHits& into, RuleHits&& from, uint64_t line_base, size_t max_samples) {
  note_time(into, from.first_time);
  note_time(into, from.last_time);
  auto shift = [&](SourceRef s) {
    s.line += line_base;
    return s;
  };
  if (into.count == 0) {
    into.first = shift(from.first);
    into.first_captures = std::move(from.first_captures);
    into.derived_from = from.derived_from;
  }
  into.last = shift(from.last);
  into.count += from.count;
  for (auto& s : from.samples)
    if (into.samples.size() < max_samples)
      into.samples.push_back(Sample{shift(s.source), std::move(s.text)});
  for (auto& [name, vals] : from.captures) {
    auto& dst = into.captures[name];
    for (auto& v : vals)
      if (dst.size() < limits::kMaxCaptureValues &&
          std::find(dst.begin(), dst.end(), v) == dst.end())
        dst.push_back(v);
  }
  for (auto& c : from.candidate_causes)
    if (std::find(into.candidate_causes.begin(), into.candidate_causes.end(), c) ==
        into.candidate_causes.end())
      into.candidate_causes.push_back(c);
  for (auto& c : from.codes)
    if (std::find(into.codes.begin(), into.codes.end(), c) == into.codes.end())
      into.codes.push_back(c);
  for (auto& w : from.wrapped)
    if (std::find(into.wrapped.begin(), into.wrapped.end(), w) == into.wrapped.end())
      into.wrapped.push_back(w);
  into.wrapped_records += from.wrapped_records;
}

}  // namespace

LogScanner::LogScanner(const Catalog& catalog, ScanOptions options)
    : catalog_(catalog), options_(options) {
  for (auto& r : catalog.rules())
    if (r.kind == RuleKind::kLog && !r.patterns.empty()) rules_.push_back(&r);
  if (options_.threads < 1) options_.threads = 1;
}

LogScanner::~LogScanner() = default;

std::unique_ptr<CompiledRules> LogScanner::borrow() const {
  {
    std::lock_guard<std::mutex> lock(pool_mutex_);
    if (!pool_.empty()) {
      auto r = std::move(pool_.back());
      pool_.pop_back();
      return r;
    }
  }
  return std::make_unique<CompiledRules>(rules_, catalog_, options_);
}

void LogScanner::give_back(std::unique_ptr<CompiledRules> rules) const {
  std::lock_guard<std::mutex> lock(pool_mutex_);
  pool_.push_back(std::move(rules));
}

Result<std::unique_ptr<LogScanner>> LogScanner::create(const Catalog& catalog,
                                                       ScanOptions options) {
  std::unique_ptr<LogScanner> s(new LogScanner(catalog, options));
  auto probe = std::make_unique<CompiledRules>(s->rules_, catalog, options);
  if (!probe->ok())
    return make_error(ErrorCode::kInternal, "log rules failed to compile (RE2 or RE2::Set)");
  s->give_back(std::move(probe));
  return s;
}

size_t LogScanner::pattern_count() const {
  size_t n = 0;
  for (auto* r : rules_) n += r->patterns.size();
  return n;
}

namespace {

// Scans one unit into its result with this thread's compiled rules.
void scan_unit(CompiledRules& rules, const LogSource& src, const WorkUnit& u,
               const ScanOptions& options, UnitResult& out) {
  auto reader = u.whole ? src.content->open() : src.content->open_range(u.offset, u.length);
  if (!reader.ok()) {
    out.errors.push_back(Error{reader.error().code, reader.error().message, src.source});
    return;
  }
  UnitScanner us(rules, src, options, out);
  us.scan(**reader);
  out.lines = us.lines();
  for (auto& e : out.errors)
    if (e.where.path.empty()) e.where = src.source;
}

}  // namespace

// Deques: a worker keeps a reference to its unit, source and result while the adder appends.
struct ScanStream::State {
  explicit State(const LogScanner& s) : scanner(s) {}
  const LogScanner& scanner;
  std::mutex mutex;
  std::condition_variable ready;  // a unit came, or the stream closed
  std::deque<LogSource> sources;
  std::deque<WorkUnit> units;
  std::deque<UnitResult> results;
  size_t next = 0;  // the first unit nobody took
  bool closed = false;
  std::vector<std::thread> threads;
};

ScanStream::ScanStream(const LogScanner& scanner) : state_(std::make_unique<State>(scanner)) {}

ScanStream::~ScanStream() {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->closed = true;
    state_->next = state_->units.size();
  }
  state_->ready.notify_all();
  for (auto& t : state_->threads) t.join();
}

std::unique_ptr<ScanStream> LogScanner::stream() const {
  return std::unique_ptr<ScanStream>(new ScanStream(*this));
}

void ScanStream::add(const LogSource& source) {
  State& s = *state_;
  size_t index;
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    index = s.sources.size();
    s.sources.push_back(source);
  }
  std::vector<WorkUnit> planned = plan_units(index, source);  // may read a big file's line ends
  size_t waiting;
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    for (const WorkUnit& u : planned) {
      s.units.push_back(u);
      s.results.emplace_back();
    }
    waiting = s.units.size() - s.next;
  }
  // A thread of its own per waiting unit, up to threads - 1: the adding thread is busy adding.
  const size_t wanted = static_cast<size_t>(s.scanner.options_.threads) - 1;
  if (s.threads.size() < wanted && s.threads.size() < waiting)
    s.threads.emplace_back([this] { work(); });
  if (planned.size() > 1) {
    s.ready.notify_all();
  } else {
    s.ready.notify_one();
  }
}

// Takes units until the stream is closed and none is left. The compiled rules are borrowed at
// the first unit, so a thread that never gets one compiles nothing.
void ScanStream::work() {
  State& s = *state_;
  std::unique_ptr<CompiledRules> rules;
  for (;;) {
    const WorkUnit* unit;
    const LogSource* source;
    UnitResult* result;
    {
      std::unique_lock<std::mutex> lock(s.mutex);
      s.ready.wait(lock, [&] { return s.next < s.units.size() || s.closed; });
      if (s.next >= s.units.size()) break;
      const size_t i = s.next++;
      unit = &s.units[i];
      source = &s.sources[unit->source];
      result = &s.results[i];
    }
    if (!rules) rules = s.scanner.borrow();
    scan_unit(*rules, *source, *unit, s.scanner.options_, *result);
  }
  if (rules) s.scanner.give_back(std::move(rules));
}

ScanResult ScanStream::finish() {
  State& s = *state_;
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    s.closed = true;
  }
  s.ready.notify_all();
  work();
  for (auto& t : s.threads) t.join();
  s.threads.clear();

  // Merge by source path (then arrival, which keeps a source's units in offset order), so the
  // result does not depend on the order sources came in; line numbers of a unit are relative to
  // its start.
  std::vector<size_t> order(s.units.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const size_t sa = s.units[a].source, sb = s.units[b].source;
    return std::tie(s.sources[sa].source.path, sa) < std::tie(s.sources[sb].source.path, sb);
  });
  const ScanOptions& options = s.scanner.options_;
  ScanResult out;
  std::map<HitKey, RuleHits> merged;
  uint64_t line_base = 0;
  size_t prev_source = SIZE_MAX;
  for (size_t i : order) {
    if (s.units[i].source != prev_source) line_base = 0;
    prev_source = s.units[i].source;
    UnitResult& r = s.results[i];
    for (auto& [key, hits] : r.hits) {
      auto& dst = merged[key];
      if (dst.rule_id.empty()) {
        dst.rule_id = hits.rule_id;
        dst.subject_key = hits.subject_key;
        dst.component = hits.component;
      }
      merge_hits(dst, std::move(hits), line_base, options.max_samples);
    }
    line_base += r.lines;
    out.bytes += r.bytes;
    out.records += r.records;
    out.truncated_records += r.truncated;
    if (r.truncated) out.truncated_by_path[s.sources[s.units[i].source].source.path] += r.truncated;
    for (auto& e : r.errors) out.errors.push_back(std::move(e));
    for (auto& [k, v] : r.redactions.by_kind) out.redactions.by_kind[k] += v;
    if (r.newest_timestamp > out.newest_timestamp) out.newest_timestamp = r.newest_timestamp;
    if (r.newest_klog_time > out.newest_klog_time) out.newest_klog_time = r.newest_klog_time;
  }
  for (auto& [key, hits] : merged) out.hits.push_back(std::move(hits));
  std::sort(out.hits.begin(), out.hits.end(), [](const RuleHits& a, const RuleHits& b) {
    return std::tie(a.rule_id, a.subject_key, a.component) <
           std::tie(b.rule_id, b.subject_key, b.component);
  });
  return out;
}

ScanResult LogScanner::scan(const std::vector<LogSource>& sources) const {
  // In path order, as the merge is: big sources early enough to be shared out evenly.
  std::vector<size_t> order(sources.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return sources[a].source.path < sources[b].source.path;
  });
  auto s = stream();
  for (size_t i : order) s->add(sources[i]);
  return s->finish();
}

ScanResult LogScanner::scan_text(std::string_view text, const std::string& path,
                                 const std::string& component) const {
  LogSource src;
  src.source.path = path;
  src.component = component;
  src.content = std::make_shared<MemorySource>(std::string(text));
  return scan({src});
}

}  // namespace wid
