// Keeps the three descriptions of `wi-doctor.report/v1` in step: what report_to_json writes, the
// JSON Schema (docs/report.schema.json) and the prose (docs/report-schema.md). The produced JSON
// is validated against the schema *strictly* (a key the schema does not name is an error, though
// the published schema lets consumers accept additions), so a new field cannot ship undocumented.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "analyzer/model/report.h"
#include "tests/model/sample_report.h"
#include "tests/support/paths.h"

namespace wid {
namespace {

using nlohmann::json;

std::string read_file(const std::string& rel) {
  std::ifstream in(std::string(WID_SOURCE_DIR) + "/" + rel, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const json& schema() {
  static const json kSchema = json::parse(read_file("docs/report.schema.json"));
  return kSchema;
}

// The subset of JSON Schema 2020-12 the report schema uses: $ref into $defs, type, const, enum,
// required, properties, additionalProperties (schema form), items, minItems, minProperties,
// minimum, minLength. Unknown keywords fail the test so the subset cannot silently shrink.
class MiniValidator {
 public:
  explicit MiniValidator(const json& root) : root_(root) {}

  std::vector<std::string> validate(const json& doc) {
    errors_.clear();
    check(root_, doc, "");
    return errors_;
  }

 private:
  void fail(const std::string& ptr, const std::string& what) {
    errors_.push_back((ptr.empty() ? "/" : ptr) + ": " + what);
  }

  static bool has_type(const json& v, const std::string& t) {
    if (t == "object") return v.is_object();
    if (t == "array") return v.is_array();
    if (t == "string") return v.is_string();
    if (t == "integer") return v.is_number_integer();
    if (t == "number") return v.is_number();
    if (t == "boolean") return v.is_boolean();
    if (t == "null") return v.is_null();
    return false;
  }

  void check(const json& s, const json& v, const std::string& ptr) {
    static const std::set<std::string> kKnown = {"$schema",
                                                 "title",
                                                 "description",
                                                 "$defs",
                                                 "$ref",
                                                 "type",
                                                 "const",
                                                 "enum",
                                                 "required",
                                                 "properties",
                                                 "additionalProperties",
                                                 "items",
                                                 "minItems",
                                                 "minProperties",
                                                 "minimum",
                                                 "minLength"};
    for (auto it = s.begin(); it != s.end(); ++it)
      if (!kKnown.count(it.key()))
        fail(ptr, "schema keyword not supported by the test: " + it.key());
    if (s.contains("$ref")) {
      const std::string ref = s["$ref"];
      check(root_.at(json::json_pointer(ref.substr(1))), v, ptr);
    }
    if (s.contains("type") && !has_type(v, s["type"])) return fail(ptr, "not " + s["type"].dump());
    if (s.contains("const") && v != s["const"]) fail(ptr, "not " + s["const"].dump());
    if (s.contains("enum") && std::find(s["enum"].begin(), s["enum"].end(), v) == s["enum"].end())
      fail(ptr, v.dump() + " not in " + s["enum"].dump());
    if (s.contains("minimum") && v.is_number() && v.get<double>() < s["minimum"].get<double>())
      fail(ptr, "below minimum");
    if (s.contains("minLength") && v.is_string() &&
        v.get<std::string>().size() < s["minLength"].get<size_t>())
      fail(ptr, "too short");
    if (v.is_array()) {
      if (s.contains("minItems") && v.size() < s["minItems"].get<size_t>()) fail(ptr, "too few");
      if (s.contains("items"))
        for (size_t i = 0; i < v.size(); ++i)
          check(s["items"], v[i], ptr + "/" + std::to_string(i));
    }
    if (v.is_object()) {
      if (s.contains("minProperties") && v.size() < s["minProperties"].get<size_t>())
        fail(ptr, "too few properties");
      for (const auto& r : s.value("required", json::array()))
        if (!v.contains(r.get<std::string>())) fail(ptr + "/" + r.get<std::string>(), "missing");
      const bool typed_object = s.contains("properties") || s.contains("additionalProperties");
      for (auto it = v.begin(); it != v.end(); ++it) {
        const std::string p = ptr + "/" + it.key();
        if (s.contains("properties") && s["properties"].contains(it.key()))
          check(s["properties"][it.key()], it.value(), p);
        else if (s.contains("additionalProperties"))
          check(s["additionalProperties"], it.value(), p);
        else if (typed_object)
          fail(p, "not in the schema");  // strict: the writer emits documented keys only
      }
    }
  }

  const json& root_;
  std::vector<std::string> errors_;
};

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& e : v) s += e + "\n";
  return s;
}

TEST(ReportSchema, ProducedReportsValidate) {
  MiniValidator v(schema());
  for (const Report& r : {sample::full_report(), sample::minimal_report(), Report{}}) {
    const auto errors = v.validate(report_to_json(r));
    EXPECT_TRUE(errors.empty()) << joined(errors);
  }
}

TEST(ReportSchema, ValidatorCatchesWhatTheSchemaForbids) {
  MiniValidator v(schema());
  json j = report_to_json(sample::full_report());
  j["findings"][0]["severity"] = "fatal";
  j["findings"][1].erase("ruleId");
  j["findings"][2]["undocumented"] = true;
  j["summary"]["error"] = -1;
  j["findings"][0]["causedBy"] = json::array();
  const std::string errors = joined(v.validate(j));
  EXPECT_NE(errors.find("/findings/0/severity: \"fatal\" not in"), std::string::npos) << errors;
  EXPECT_NE(errors.find("/findings/1/ruleId: missing"), std::string::npos);
  EXPECT_NE(errors.find("/findings/2/undocumented: not in the schema"), std::string::npos);
  EXPECT_NE(errors.find("/summary/error: below minimum"), std::string::npos);
  EXPECT_NE(errors.find("/findings/0/causedBy: too few"), std::string::npos);
}

TEST(ReportSchema, EnumsMatchTheModelNames) {
  const json& f = schema()["$defs"]["finding"]["properties"];
  std::vector<std::string> sev, st;
  for (Severity s : {Severity::kError, Severity::kWarning, Severity::kInfo})
    sev.push_back(severity_name(s));
  for (FindingStatus s : {FindingStatus::kPass, FindingStatus::kFail, FindingStatus::kUnknown})
    st.push_back(status_name(s));
  EXPECT_EQ(f["severity"]["enum"], json(sev));
  EXPECT_EQ(f["status"]["enum"], json(st));
  EXPECT_EQ(schema()["properties"]["schemaVersion"]["const"], kReportSchemaVersion);
}

// Every key the schema names is explained in the prose document, written as `key`.
TEST(ReportSchema, EveryFieldIsDocumented) {
  const std::string doc = read_file("docs/report-schema.md");
  ASSERT_FALSE(doc.empty());
  std::set<std::string> keys;
  std::function<void(const json&)> walk = [&](const json& s) {
    if (!s.is_object()) return;
    if (s.contains("properties"))
      for (auto it = s["properties"].begin(); it != s["properties"].end(); ++it) {
        keys.insert(it.key());
        walk(it.value());
      }
    if (s.contains("$defs"))
      for (const auto& d : s["$defs"]) walk(d);
  };
  walk(schema());
  ASSERT_GT(keys.size(), 50u);
  for (const std::string& k : keys)
    EXPECT_NE(doc.find("`" + k + "`"), std::string::npos)
        << "docs/report-schema.md lacks `" << k << "`";
  EXPECT_NE(doc.find(kReportSchemaVersion), std::string::npos);
}

// The example in the prose is valid JSON, valid against the schema, and readable by the model.
TEST(ReportSchema, DocumentedExampleIsAValidReport) {
  const std::string doc = read_file("docs/report-schema.md");
  const size_t open = doc.find("```json\n");
  ASSERT_NE(open, std::string::npos);
  const size_t body = open + 8;
  const size_t close = doc.find("```", body);
  ASSERT_NE(close, std::string::npos);
  const json example = json::parse(doc.substr(body, close - body), nullptr, false);
  ASSERT_FALSE(example.is_discarded()) << "the example in docs/report-schema.md is not JSON";
  const auto errors = MiniValidator(schema()).validate(example);
  EXPECT_TRUE(errors.empty()) << joined(errors);
  Result<Report> r = report_from_json(example);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->findings.at(0).rule_id, "AADSTS70021");
}

}  // namespace
}  // namespace wid
