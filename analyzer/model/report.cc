// The Report's canonical order and its JSON form, `wi-doctor.report/v1` (docs/report-schema.md).
// Writing and reading live side by side so every key is spelled once per direction and the round
// trip report_to_json(report_from_json(j)) == j holds for anything report_to_json produced.
//
// Omission rule (the same everywhere): identity fields are always written; an optional string,
// array or object is left out when empty, an optional count when zero, a SourceRef's line when 0
// and its pointer when empty. Top-level arrays and `summary`/`redactions` are always written so a
// consumer can index them without a presence check.
#include "analyzer/model/report.h"

#include <algorithm>
#include <limits>
#include <tuple>
#include <utility>

#include "analyzer/model/enum_names.h"

namespace wid {

using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// names

namespace {

constexpr NameTable<CoverageState, 2> kCoverageStateNames = {{
    {CoverageState::kNotRun, "not_run"},
    {CoverageState::kRan, "ran"},
}};
constexpr NameTable<HopStatus, 4> kHopStatusNames = {{
    {HopStatus::kFail, "fail"},
    {HopStatus::kNotChecked, "not_checked"},
    {HopStatus::kPass, "pass"},
    {HopStatus::kUnknown, "unknown"},
}};
constexpr NameTable<ReportMode, 2> kReportModeNames = {{
    {ReportMode::kLive, "live"},
    {ReportMode::kOffline, "offline"},
}};
constexpr NameTable<NowSource, 4> kNowSourceNames = {{
    {NowSource::kClock, "clock"},
    {NowSource::kFlag, "flag"},
    {NowSource::kManifest, "manifest"},
    {NowSource::kNewestLog, "newest-log"},
}};

}  // namespace

// Fallbacks, for values outside the tables: never claim more than was seen.
const char* coverage_state_name(CoverageState s) {
  return name_in(kCoverageStateNames, s, "not_run");
}
const char* hop_status_name(HopStatus s) { return name_in(kHopStatusNames, s, "unknown"); }
const char* report_mode_name(ReportMode m) { return name_in(kReportModeNames, m, "offline"); }
const char* now_source_name(NowSource s) { return name_in(kNowSourceNames, s, "clock"); }
std::optional<CoverageState> parse_coverage_state(const std::string& s) {
  return value_in(kCoverageStateNames, s);
}
std::optional<HopStatus> parse_hop_status(const std::string& s) {
  return value_in(kHopStatusNames, s);
}
std::optional<ReportMode> parse_report_mode(const std::string& s) {
  return value_in(kReportModeNames, s);
}
std::optional<NowSource> parse_now_source(const std::string& s) {
  return value_in(kNowSourceNames, s);
}

// ---------------------------------------------------------------------------------------------
// finalize

namespace {

template <typename T, typename Key>
void sort_by(std::vector<T>& v, Key key) {
  std::sort(v.begin(), v.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
}

// Sets of rule ids (or fingerprints): order carries no meaning, so sorted and deduplicated.
void sort_unique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

void finalize_finding(Finding& f) {
  sort_by(f.samples, [](const Sample& s) { return std::tie(s.source, s.text); });
  sort_by(f.evidence, [](const EvidenceItem& e) {
    return std::tie(e.source, e.locator, e.observed, e.expected, e.difference);
  });
  sort_unique(f.causes);
  sort_unique(f.caused_by);
  sort_unique(f.candidate_causes);
  sort_unique(f.explains);
  sort_unique(f.explained_by);
  sort_unique(f.fixed_by);
  sort_unique(f.codes);
  sort_unique(f.missing);
  // Left in their given order on purpose: capture values are "in order seen" (the first fills
  // the fix), `needs`, `fix.commands` and `fix.docs` are ordered steps from the catalog.
}

// An info finding that did not pass says what happened beside the chain (a disabled secret, a
// Kubernetes RBAC denial): the chain does not list it and it never marks a link broken.
bool beside_chain(const Finding& f) {
  return f.severity == Severity::kInfo && f.status != FindingStatus::kPass;
}

// How strongly a failing finding marks its hop as where to start: 2, a proven cause nothing
// explains (a check, or a log finding that explains a symptom: its own text proves it); 1, an
// unexplained symptom; 0, a finding another finding in the report explains, which never moves
// the first broken link (a wrapper around a more specific error, a symptom of a proven cause).
int start_rank(const Finding& f) {
  if (f.status != FindingStatus::kFail || f.hop.empty() || beside_chain(f)) return -1;
  // caused_by too: a report written before explainedBy existed still reads the same.
  if (!f.explained_by.empty() || !f.caused_by.empty()) return 0;
  return f.kind == FindingKind::kCheck || !f.explains.empty() ? 2 : 1;
}

// The earliest hop holding a finding of the highest rank present.
std::string first_broken_hop(const std::vector<Finding>& findings) {
  int best = 0;
  for (const Finding& f : findings) best = std::max(best, start_rank(f));
  for (const char* hop : kChainHops)
    for (const Finding& f : findings)
      if (f.hop == hop && start_rank(f) == best) return hop;
  return "";
}

}  // namespace

void Report::finalize() {
  sort_by(inputs, [](const InputFile& i) {
    return std::tie(i.path, i.type, i.status, i.sha256, i.size, i.detail, i.error, i.source_path,
                    i.url);
  });
  sort_by(collectors, [](const CollectorStatus& c) {
    return std::tie(c.name, c.status, c.error, c.needs, c.duration_ms);
  });
  sort_by(coverage, [](const CoverageItem& c) { return std::tie(c.rule_id, c.status, c.needs); });
  for (Finding& f : findings) finalize_finding(f);
  // Severity descending, then the identity of the finding; the fingerprint breaks the last tie
  // (two findings of one rule and subject with different observed values).
  std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    const int sa = -static_cast<int>(a.severity), sb = -static_cast<int>(b.severity);
    const int ta = static_cast<int>(a.status), tb = static_cast<int>(b.status);
    return std::tie(sa, a.rule_id, a.subject, a.fingerprint, ta, a.title) <
           std::tie(sb, b.rule_id, b.subject, b.fingerprint, tb, b.title);
  });

  chain.clear();
  first_broken.clear();
  for (const char* hop : kChainHops) {
    ChainHop h{hop, HopStatus::kNotChecked, {}, {}};
    bool fail = false, unknown = false, pass = false;
    std::vector<std::string> open, passed;
    for (const Finding& f : findings) {
      if (f.hop != hop || beside_chain(f)) continue;
      fail = fail || f.status == FindingStatus::kFail;
      unknown = unknown || f.status == FindingStatus::kUnknown;
      pass = pass || f.status == FindingStatus::kPass;
      (f.status == FindingStatus::kPass ? passed : open).push_back(f.rule_id);
    }
    h.status = fail      ? HopStatus::kFail
               : unknown ? HopStatus::kUnknown
               : pass    ? HopStatus::kPass
                         : HopStatus::kNotChecked;
    sort_unique(open);
    sort_unique(passed);
    for (auto& id : passed)
      if (std::find(open.begin(), open.end(), id) == open.end()) h.passed.push_back(id);
    h.rules = std::move(open);
    chain.push_back(std::move(h));
  }
  first_broken = first_broken_hop(findings);

  summary = Summary{};
  for (const Finding& f : findings) {
    ++summary.total;
    switch (f.status) {
      case FindingStatus::kFail:
        ++summary.fail;
        if (f.severity == Severity::kError) ++summary.error;
        if (f.severity == Severity::kWarning) ++summary.warning;
        if (f.severity == Severity::kInfo) ++summary.info;
        break;
      case FindingStatus::kUnknown:
        ++summary.unknown;
        break;
      case FindingStatus::kPass:
        ++summary.pass;
        break;
    }
  }
  finalized_ = true;
}

// ---------------------------------------------------------------------------------------------
// writing

namespace {

void put(json& j, const char* key, const std::string& v) {
  if (!v.empty()) j[key] = v;
}
void put(json& j, const char* key, const std::vector<std::string>& v) {
  if (!v.empty()) j[key] = v;
}

json source_ref_json(const SourceRef& s) {
  json j = json::object();
  j["path"] = s.path;
  if (s.line > 0) j["line"] = s.line;
  put(j, "pointer", s.pointer);
  return j;
}

json finding_json(const Finding& f) {
  json j = json::object();
  j["fingerprint"] = f.fingerprint;
  j["ruleId"] = f.rule_id;
  j["title"] = f.title;
  put(j, "group", f.group);
  j["severity"] = severity_name(f.severity);
  j["status"] = status_name(f.status);
  if (f.confidence) j["confidence"] = confidence_name(*f.confidence);
  if (f.kind) j["kind"] = kind_name(*f.kind);
  j["subject"] = f.subject;
  put(j, "hop", f.hop);
  put(j, "detail", f.detail);
  put(j, "codes", f.codes);
  if (f.count > 0) j["count"] = f.count;
  if (f.first) j["first"] = source_ref_json(*f.first);
  if (f.last) j["last"] = source_ref_json(*f.last);
  put(j, "firstSeen", f.first_seen);
  put(j, "lastSeen", f.last_seen);
  if (!f.samples.empty()) {
    json a = json::array();
    for (const Sample& s : f.samples) {
      json e = source_ref_json(s.source);
      e["text"] = s.text;
      a.push_back(std::move(e));
    }
    j["samples"] = std::move(a);
  }
  if (!f.captures.empty()) {
    json c = json::object();
    for (const auto& [name, values] : f.captures) c[name] = values;
    j["captures"] = std::move(c);
  }
  if (!f.evidence.empty()) {
    json a = json::array();
    for (const EvidenceItem& e : f.evidence) {
      json o = json::object();
      o["source"] = e.source;
      put(o, "locator", e.locator);
      put(o, "observed", e.observed);
      put(o, "expected", e.expected);
      put(o, "difference", difference_name(e.difference));
      a.push_back(std::move(o));
    }
    j["evidence"] = std::move(a);
  }
  put(j, "causes", f.causes);
  put(j, "causedBy", f.caused_by);
  put(j, "candidateCauses", f.candidate_causes);
  put(j, "explains", f.explains);
  put(j, "explainedBy", f.explained_by);
  put(j, "fixedBy", f.fixed_by);
  put(j, "needs", f.needs);
  json fix = json::object();
  put(fix, "summary", f.fix.summary);
  put(fix, "commands", f.fix.commands);
  put(fix, "docs", f.fix.docs);
  if (!fix.empty()) j["fix"] = std::move(fix);
  put(j, "missing", f.missing);
  return j;
}

}  // namespace

json input_to_json(const InputFile& i) {
  json o = json::object();
  o["path"] = i.path;
  put(o, "sha256", i.sha256);
  o["size"] = i.size;
  o["type"] = i.type;
  put(o, "detail", i.detail);
  o["status"] = input_status_name(i.status);
  put(o, "error", i.error);
  put(o, "sourcePath", i.source_path);
  put(o, "url", i.url);
  return o;
}

json report_to_json(const Report& r) {
  json j = report_to_json_without_inputs(r);
  json& inputs = j["inputs"];
  for (const InputFile& i : r.inputs) inputs.push_back(input_to_json(i));
  return j;
}

json report_to_json_without_inputs(const Report& r) {
  json j = json::object();
  j["schemaVersion"] = r.schema_version;
  j["tool"] = {{"name", "wi-doctor"}, {"version", r.tool_version}};
  j["mode"] = report_mode_name(r.mode);
  j["now"] = r.now;
  if (r.now_source) j["nowSource"] = now_source_name(*r.now_source);
  if (r.year_source) j["yearSource"] = now_source_name(*r.year_source);
  j["inputs"] = json::array();

  json collectors = json::array();
  for (const CollectorStatus& c : r.collectors) {
    json o = json::object();
    o["name"] = c.name;
    o["status"] = collector_state_name(c.status);
    put(o, "error", c.error);
    put(o, "needs", c.needs);
    if (c.duration_ms) o["durationMs"] = *c.duration_ms;
    collectors.push_back(std::move(o));
  }
  j["collectors"] = std::move(collectors);

  json coverage = json::array();
  for (const CoverageItem& c : r.coverage) {
    json o = json::object();
    o["ruleId"] = c.rule_id;
    o["status"] = coverage_state_name(c.status);
    put(o, "needs", c.needs);
    coverage.push_back(std::move(o));
  }
  j["coverage"] = std::move(coverage);
  j["rulesLoaded"] = r.rules_loaded;

  json findings = json::array();
  for (const Finding& f : r.findings) findings.push_back(finding_json(f));
  j["findings"] = std::move(findings);

  json chain = json::array();
  for (const ChainHop& h : r.chain) {
    json o = json::object();
    o["hop"] = h.hop;
    o["status"] = hop_status_name(h.status);
    put(o, "rules", h.rules);
    put(o, "passed", h.passed);
    chain.push_back(std::move(o));
  }
  j["chain"] = std::move(chain);
  put(j, "firstBroken", r.first_broken);

  const Summary& s = r.summary;
  j["summary"] = {{"error", s.error}, {"warning", s.warning}, {"info", s.info},
                  {"fail", s.fail},   {"unknown", s.unknown}, {"pass", s.pass},
                  {"total", s.total}};
  json red = json::object();
  for (const auto& [kind, n] : r.redactions) red[kind] = n;
  j["redactions"] = std::move(red);
  return j;
}

std::string dump_json(const json& j, int indent) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

// ---------------------------------------------------------------------------------------------
// reading
//
// A reader that never throws: every access checks the type first, and the first problem is kept
// with the JSON pointer of the offending field; after it every further read is a no-op. Error
// messages name the field and the expected type, never the value (a report may hold log text).

namespace {

// RFC 6901: '~' -> "~0", '/' -> "~1".
std::string pointer_token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

struct ReadState {
  std::optional<Error> error;
  bool failed() const { return error.has_value(); }
  void fail(ErrorCode code, const std::string& ptr, const std::string& what) {
    if (error) return;
    error = make_error(code, (ptr.empty() ? std::string("/") : ptr) + ": " + what,
                       SourceRef{"", 0, ptr});
  }
};

class ObjectReader {
 public:
  ObjectReader(const json& j, std::string ptr, ReadState& st)
      : j_(j), ptr_(std::move(ptr)), st_(st) {
    if (!j_.is_object()) st_.fail(ErrorCode::kParse, ptr_, "expected an object");
  }

  std::string at(const std::string& key) const { return ptr_ + "/" + pointer_token(key); }

  // Returns the member or nullptr; a missing required member is an error.
  const json* member(const char* key, bool required) const {
    if (st_.failed() || !j_.is_object()) return nullptr;
    auto it = j_.find(key);
    if (it == j_.end()) {
      if (required) st_.fail(ErrorCode::kParse, at(key), "required field is missing");
      return nullptr;
    }
    return &*it;
  }

  void str(const char* key, std::string& out, bool required) const {
    const json* v = member(key, required);
    if (!v) return;
    if (!v->is_string()) return st_.fail(ErrorCode::kParse, at(key), "expected a string");
    out = v->get_ref<const std::string&>();
  }

  // A member naming one value of a closed set; `parse` is the set's parse function. An optional
  // member that is absent or "" gives nullopt; a name outside the set is an error.
  template <typename Parse>
  auto named(const char* key, bool required, Parse parse, const char* expected) const
      -> decltype(parse(std::string{})) {
    std::string s;
    str(key, s, required);
    if (st_.failed() || (!required && s.empty())) return std::nullopt;
    auto v = parse(s);
    if (!v) st_.fail(ErrorCode::kParse, at(key), std::string("expected one of ") + expected);
    return v;
  }

  void u64(const char* key, uint64_t& out, bool required) const {
    const json* v = member(key, required);
    if (v) read_u64(*v, at(key), out, st_);
  }

  void nonneg_int(const char* key, int& out, bool required) const {
    uint64_t n = 0;
    const json* v = member(key, required);
    if (!v || !read_u64(*v, at(key), n, st_)) return;
    if (n > static_cast<uint64_t>(std::numeric_limits<int>::max()))
      return st_.fail(ErrorCode::kParse, at(key), "number out of range");
    out = static_cast<int>(n);
  }

  void strings(const char* key, std::vector<std::string>& out, bool required) const {
    const json* v = member(key, required);
    if (v) read_strings(*v, at(key), out, st_);
  }

  template <typename F>
  void array(const char* key, bool required, F each) const {
    const json* v = member(key, required);
    if (!v) return;
    if (!v->is_array()) return st_.fail(ErrorCode::kParse, at(key), "expected an array");
    for (size_t i = 0; i < v->size() && !st_.failed(); ++i)
      each((*v)[i], at(key) + "/" + std::to_string(i));
  }

  static bool read_u64(const json& v, const std::string& ptr, uint64_t& out, ReadState& st) {
    if (v.is_number_unsigned()) {
      out = v.get<uint64_t>();
      return true;
    }
    if (v.is_number_integer() && v.get<int64_t>() >= 0) {
      out = static_cast<uint64_t>(v.get<int64_t>());
      return true;
    }
    st.fail(ErrorCode::kParse, ptr, "expected a non-negative integer");
    return false;
  }

  static void read_strings(const json& v, const std::string& ptr, std::vector<std::string>& out,
                           ReadState& st) {
    if (!v.is_array()) return st.fail(ErrorCode::kParse, ptr, "expected an array of strings");
    out.clear();
    for (size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string())
        return st.fail(ErrorCode::kParse, ptr + "/" + std::to_string(i), "expected a string");
      out.push_back(v[i].get_ref<const std::string&>());
    }
  }

  const json& node() const { return j_; }
  const std::string& ptr() const { return ptr_; }

 private:
  const json& j_;
  std::string ptr_;
  ReadState& st_;
};

SourceRef read_source_ref(const ObjectReader& o) {
  SourceRef s;
  o.str("path", s.path, true);
  o.u64("line", s.line, false);
  o.str("pointer", s.pointer, false);
  return s;
}

Finding read_finding(const json& j, const std::string& ptr, ReadState& st) {
  Finding f;
  ObjectReader o(j, ptr, st);
  o.str("fingerprint", f.fingerprint, true);
  o.str("ruleId", f.rule_id, true);
  o.str("title", f.title, true);
  o.str("group", f.group, false);
  if (auto s = o.named("severity", true, parse_severity, "error, warning, info")) f.severity = *s;
  if (auto s = o.named("status", true, parse_status, "pass, fail, unknown")) f.status = *s;
  f.confidence = o.named("confidence", false, parse_confidence, "high, medium");
  f.kind = o.named("kind", false, parse_kind, "log, check, input");
  o.str("subject", f.subject, true);
  o.str("hop", f.hop, false);
  o.str("detail", f.detail, false);
  o.u64("count", f.count, false);
  o.str("firstSeen", f.first_seen, false);
  o.str("lastSeen", f.last_seen, false);
  for (auto [key, slot] : {std::pair{"first", &f.first}, std::pair{"last", &f.last}}) {
    if (const json* v = o.member(key, false))
      *slot = read_source_ref(ObjectReader(*v, o.at(key), st));
  }
  o.array("samples", false, [&](const json& e, const std::string& p) {
    ObjectReader so(e, p, st);
    Sample s;
    s.source = read_source_ref(so);
    so.str("text", s.text, true);
    f.samples.push_back(std::move(s));
  });
  if (const json* v = o.member("captures", false)) {
    ObjectReader co(*v, o.at("captures"), st);
    if (!st.failed()) {
      for (auto it = v->begin(); it != v->end() && !st.failed(); ++it)
        ObjectReader::read_strings(it.value(), co.at(it.key()), f.captures[it.key()], st);
    }
  }
  o.array("evidence", false, [&](const json& e, const std::string& p) {
    ObjectReader eo(e, p, st);
    EvidenceItem item;
    eo.str("source", item.source, true);
    eo.str("locator", item.locator, false);
    eo.str("observed", item.observed, false);
    eo.str("expected", item.expected, false);
    if (auto d = eo.named("difference", false, parse_difference,
                          "trailing_slash, whitespace, case, scheme, kubeadm_default, other"))
      item.difference = *d;
    f.evidence.push_back(std::move(item));
  });
  o.strings("causes", f.causes, false);
  o.strings("causedBy", f.caused_by, false);
  o.strings("candidateCauses", f.candidate_causes, false);
  o.strings("explains", f.explains, false);
  o.strings("explainedBy", f.explained_by, false);
  o.strings("fixedBy", f.fixed_by, false);
  o.strings("codes", f.codes, false);
  o.strings("needs", f.needs, false);
  if (const json* v = o.member("fix", false)) {
    ObjectReader fo(*v, o.at("fix"), st);
    fo.str("summary", f.fix.summary, false);
    fo.strings("commands", f.fix.commands, false);
    fo.strings("docs", f.fix.docs, false);
  }
  o.strings("missing", f.missing, false);
  return f;
}

}  // namespace

Result<Report> report_from_json(const json& j) {
  ReadState st;
  Report r;
  ObjectReader o(j, "", st);
  o.str("schemaVersion", r.schema_version, true);
  // A different schema is refused rather than half-read: v2 may change what a field means.
  if (!st.failed() && r.schema_version != kReportSchemaVersion)
    st.fail(
        ErrorCode::kUnsupported, "/schemaVersion",
        std::string("unsupported schema version (this build reads ") + kReportSchemaVersion + ")");
  if (const json* v = o.member("tool", true)) {
    ObjectReader to(*v, "/tool", st);
    std::string name;
    to.str("name", name, true);
    if (!st.failed() && name != "wi-doctor")
      st.fail(ErrorCode::kUnsupported, "/tool/name", "not a wi-doctor report");
    to.str("version", r.tool_version, true);
  }
  if (auto m = o.named("mode", true, parse_report_mode, "offline, live")) r.mode = *m;
  o.str("now", r.now, true);
  r.now_source = o.named("nowSource", false, parse_now_source, "flag, manifest, newest-log, clock");
  r.year_source =
      o.named("yearSource", false, parse_now_source, "flag, manifest, newest-log, clock");

  o.array("inputs", true, [&](const json& e, const std::string& p) {
    ObjectReader io(e, p, st);
    InputFile in;
    io.str("path", in.path, true);
    io.str("sha256", in.sha256, false);
    io.u64("size", in.size, true);
    io.str("type", in.type, true);
    io.str("detail", in.detail, false);
    if (auto s = io.named("status", true, parse_input_status, "read, unreadable, skipped"))
      in.status = *s;
    io.str("error", in.error, false);
    io.str("sourcePath", in.source_path, false);
    io.str("url", in.url, false);
    r.inputs.push_back(std::move(in));
  });
  o.array("collectors", true, [&](const json& e, const std::string& p) {
    ObjectReader co(e, p, st);
    CollectorStatus c;
    co.str("name", c.name, true);
    if (auto s = co.named("status", true, parse_collector_state, "collected, failed, skipped"))
      c.status = *s;
    co.str("error", c.error, false);
    co.str("needs", c.needs, false);
    if (co.member("durationMs", false)) {
      uint64_t ms = 0;
      co.u64("durationMs", ms, true);
      c.duration_ms = ms;
    }
    r.collectors.push_back(std::move(c));
  });
  o.array("coverage", true, [&](const json& e, const std::string& p) {
    ObjectReader co(e, p, st);
    CoverageItem c;
    co.str("ruleId", c.rule_id, true);
    if (auto s = co.named("status", true, parse_coverage_state, "ran, not_run")) c.status = *s;
    co.str("needs", c.needs, false);
    r.coverage.push_back(std::move(c));
  });
  o.nonneg_int("rulesLoaded", r.rules_loaded, true);
  o.array("findings", true, [&](const json& e, const std::string& p) {
    r.findings.push_back(read_finding(e, p, st));
  });
  o.array("chain", false, [&](const json& e, const std::string& p) {
    ObjectReader ho(e, p, st);
    ChainHop h;
    ho.str("hop", h.hop, true);
    if (auto s = ho.named("status", true, parse_hop_status, "fail, unknown, pass, not_checked"))
      h.status = *s;
    ho.strings("rules", h.rules, false);
    ho.strings("passed", h.passed, false);
    r.chain.push_back(std::move(h));
  });
  o.str("firstBroken", r.first_broken, false);
  if (const json* v = o.member("summary", true)) {
    ObjectReader so(*v, "/summary", st);
    Summary& s = r.summary;
    for (auto [key, slot] :
         {std::pair{"error", &s.error}, std::pair{"warning", &s.warning},
          std::pair{"info", &s.info}, std::pair{"fail", &s.fail}, std::pair{"unknown", &s.unknown},
          std::pair{"pass", &s.pass}, std::pair{"total", &s.total}})
      so.nonneg_int(key, *slot, true);
  }
  if (const json* v = o.member("redactions", true)) {
    ObjectReader ro(*v, "/redactions", st);
    if (!st.failed()) {
      for (auto it = v->begin(); it != v->end() && !st.failed(); ++it) {
        uint64_t n = 0;
        if (ObjectReader::read_u64(it.value(), ro.at(it.key()), n, st)) {
          if (n > static_cast<uint64_t>(std::numeric_limits<int>::max()))
            st.fail(ErrorCode::kParse, ro.at(it.key()), "number out of range");
          else
            r.redactions[it.key()] = static_cast<int>(n);
        }
      }
    }
  }
  if (st.error) return *st.error;
  // Made here, so finalized here: renderers take it as it is. A report this tool wrote is already
  // in canonical order, so this changes nothing it wrote; a hand-edited one is put in order.
  r.finalize();
  return r;
}

}  // namespace wid
