#include "collectors/parse/parse_issuer_fetch.h"

#include "analyzer/model/json_path.h"

namespace wid {

using Json = nlohmann::json;

bool is_issuer_fetch(const Json& j) {
  return j.is_object() && string_at(j, {"schemaVersion"}) == kIssuerFetchSchema;
}

IssuerFetch parse_issuer_fetch(const Json& j, const SourceRef& source) {
  IssuerFetch f;
  f.source = source;
  f.issuer = string_at(j, {"issuer"});
  auto it = j.find("requests");
  if (it == j.end() || !it->is_array()) return f;
  for (const Json& r : *it) {
    if (!r.is_object()) continue;
    IssuerRequest q;
    q.what = string_at(r, {"what"});
    q.url = string_at(r, {"url"});
    auto st = r.find("status");
    if (st != r.end() && st->is_number_integer()) q.status = st->get<long>();
    q.content_type = string_at(r, {"contentType"});
    q.address = string_at(r, {"address"});
    q.error = string_at(r, {"error"});
    f.requests.push_back(std::move(q));
  }
  return f;
}

Json issuer_fetch_to_json(const IssuerFetch& f) {
  Json requests = Json::array();
  for (const IssuerRequest& q : f.requests) {
    Json o = {{"what", q.what}, {"url", q.url}, {"status", q.status}};
    if (!q.content_type.empty()) o["contentType"] = q.content_type;
    if (!q.address.empty()) o["address"] = q.address;
    if (!q.error.empty()) o["error"] = q.error;
    requests.push_back(std::move(o));
  }
  return Json{{"schemaVersion", kIssuerFetchSchema}, {"issuer", f.issuer}, {"requests", requests}};
}

std::vector<CollectorStatus> parse_manifest_collectors(const Json& manifest) {
  std::vector<CollectorStatus> out;
  auto it = manifest.find("collectors");
  if (it == manifest.end() || !it->is_array()) return out;
  for (const Json& c : *it) {
    if (!c.is_object()) continue;
    CollectorStatus s;
    s.name = string_at(c, {"name"});
    const std::string status = string_at(c, {"status"});
    if (s.name.empty() || status.empty()) continue;
    s.error = string_at(c, {"error"});
    // A state this build does not know is kept as a failure that says so, never dropped.
    if (auto st = parse_collector_state(status)) {
      s.status = *st;
    } else {
      s.status = CollectorState::kFailed;
      s.error = "unknown collector status '" + status + "' in manifest.json" +
                (s.error.empty() ? "" : ": " + s.error);
    }
    s.needs = string_at(c, {"needs"});
    auto d = c.find("durationMs");
    if (d != c.end() && d->is_number_unsigned()) s.duration_ms = d->get<uint64_t>();
    out.push_back(std::move(s));
  }
  return out;
}

Json collectors_to_json(const std::vector<CollectorStatus>& collectors) {
  Json out = Json::array();
  for (const CollectorStatus& c : collectors) {
    Json o = {{"name", c.name}, {"status", collector_state_name(c.status)}};
    if (!c.error.empty()) o["error"] = c.error;
    if (!c.needs.empty()) o["needs"] = c.needs;
    if (c.duration_ms) o["durationMs"] = *c.duration_ms;
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace wid
