// The golden-case runner: one test per fixtures/cases/<name>/ (input/ + expected.json, README
// "How to add a rule"). It runs the real binary, then compares the set of (ruleId, status, subject)
// of the open findings (fail, unknown) exactly — a missing and an unexpected finding both fail —
// and the other fields as subsets. Passes are compared as a subset: a case lists the passes it
// is about (a near miss), not every check that happened to pass on its evidence.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "tests/support/paths.h"
#include "tests/support/run_binary.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace wid::test {
namespace {

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  fs::path root = fs::path(WID_SOURCE_DIR) / "fixtures" / "cases";
  if (!fs::exists(root)) return names;
  for (auto& d : fs::directory_iterator(root))
    if (d.is_directory() && fs::exists(d.path() / "expected.json"))
      names.push_back(d.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

using Key = std::tuple<std::string, std::string, std::string>;

std::string describe(const std::set<Key>& keys) {
  std::string s;
  for (auto& [id, st, subj] : keys) s += "\n    (" + id + ", " + st + ", " + subj + ")";
  return s;
}

class GoldenCase : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenCase, MatchesExpected) {
  fs::path dir = fs::path(WID_SOURCE_DIR) / "fixtures" / "cases" / GetParam();
  json expected = json::parse(read_file(dir / "expected.json"));
  ASSERT_TRUE(expected.contains("now")) << "expected.json must fix its `now`";
  std::string tmp = make_temp_dir("wid-golden");
  std::string report_path = tmp + "/report.json";
  std::vector<std::string> argv = {WID_BINARY,
                                   "analyze",
                                   (dir / "input").string(),
                                   "--now",
                                   expected["now"].get<std::string>(),
                                   "-o",
                                   "json=" + report_path,
                                   "--quiet"};
  for (auto& a : expected.value("args", json::array())) argv.push_back(a.get<std::string>());
  RunResult run = run_binary(argv, dir.string());
  int want_exit = expected.value("exitCode", 0);
  EXPECT_EQ(run.exit_code, want_exit) << "stderr:\n" << run.err;
  std::string text = read_file(report_path);
  fs::remove_all(tmp);
  ASSERT_FALSE(text.empty()) << "no report written; stderr:\n" << run.err;
  json report = json::parse(text);

  std::set<Key> got, want;
  std::set<Key> passes;
  for (auto& f : report["findings"]) {
    Key k{f["ruleId"], f["status"], f.value("subject", "")};
    (f["status"] == "pass" ? passes : got).insert(k);
  }
  for (auto& f : expected.value("findings", json::array())) {
    Key k{f["ruleId"], f.value("status", "fail"), f.value("subject", "")};
    if (f.value("status", "fail") == "pass") {
      EXPECT_TRUE(passes.count(k)) << "missing pass:" << describe({k});
      continue;
    }
    want.insert(k);
  }
  std::set<Key> missing, unexpected;
  std::set_difference(want.begin(), want.end(), got.begin(), got.end(),
                      std::inserter(missing, missing.end()));
  std::set_difference(got.begin(), got.end(), want.begin(), want.end(),
                      std::inserter(unexpected, unexpected.end()));
  EXPECT_TRUE(missing.empty()) << "missing findings:" << describe(missing);
  EXPECT_TRUE(unexpected.empty()) << "unexpected findings:" << describe(unexpected);

  // Subset checks on the other fields.
  for (auto& ef : expected.value("findings", json::array())) {
    for (auto& f : report["findings"]) {
      if (f["ruleId"] != ef["ruleId"] || f.value("subject", "") != ef.value("subject", ""))
        continue;
      std::string fix;
      json fix_obj = f.value("fix", json::object());
      for (auto& c : fix_obj.value("commands", json::array())) fix += c.get<std::string>() + "\n";
      fix += fix_obj.value("summary", "");
      for (auto& needle : ef.value("fixContains", json::array())) {
        EXPECT_NE(fix.find(needle.get<std::string>()), std::string::npos)
            << ef["ruleId"] << ": fix lacks " << needle << "\nfix was:\n"
            << fix;
      }
      for (auto& d : ef.value("differences", json::array())) {
        bool any = false;
        for (auto& e : f.value("evidence", json::array()))
          any = any || e.value("difference", "") == d;
        EXPECT_TRUE(any) << ef["ruleId"] << ": no evidence item with difference " << d;
      }
      for (auto& needle : ef.value("detailContains", json::array())) {
        EXPECT_NE(f.value("detail", "").find(needle.get<std::string>()), std::string::npos)
            << ef["ruleId"] << ": detail lacks " << needle
            << "\ndetail was: " << f.value("detail", "");
      }
      for (auto& needle : ef.value("needsContains", json::array())) {
        std::string needs;
        for (auto& n : f.value("needs", json::array())) needs += n.get<std::string>() + "\n";
        EXPECT_NE(needs.find(needle.get<std::string>()), std::string::npos)
            << ef["ruleId"] << ": needs lacks " << needle << "\nneeds were:\n"
            << needs;
      }
      if (ef.contains("count")) {
        EXPECT_EQ(f.value("count", 0), ef["count"].get<int>()) << ef["ruleId"];
      }
      for (auto& c : ef.value("causedBy", json::array())) {
        auto cb = f.value("causedBy", json::array());
        EXPECT_NE(std::find(cb.begin(), cb.end(), c), cb.end())
            << ef["ruleId"] << " causedBy " << c;
      }
      for (auto& c : ef.value("candidateCauses", json::array())) {
        auto cc = f.value("candidateCauses", json::array());
        EXPECT_NE(std::find(cc.begin(), cc.end(), c), cc.end())
            << ef["ruleId"] << " candidateCauses " << c;
      }
      // Exact, so a case can also assert that nothing explains a finding (`"explainedBy": []`).
      for (const char* key : {"explainedBy", "fixedBy", "codes"}) {
        if (ef.contains(key)) {
          EXPECT_EQ(f.value(key, json::array()), ef[key]) << ef["ruleId"] << " " << key;
        }
      }
      json want_caps = ef.value("captures", json::object());
      json got_caps = f.value("captures", json::object());
      for (auto& [name, value] : want_caps.items()) {
        json vals = got_caps.value(name, json::array());
        EXPECT_NE(std::find(vals.begin(), vals.end(), value), vals.end())
            << ef["ruleId"] << " capture " << name << " lacks " << value;
      }
    }
  }
  // Absent: not reported as fail or unknown (a check may still pass it).
  for (auto& id : expected.value("absent", json::array())) {
    for (auto& f : report["findings"]) {
      if (f["status"] != "pass") {
        EXPECT_NE(f["ruleId"], id) << id << " must not be reported";
      }
    }
  }
  if (expected.contains("firstBroken")) {
    EXPECT_EQ(report.value("firstBroken", ""), expected["firstBroken"].get<std::string>());
  }
  for (auto& ei : expected.value("inputs", json::array())) {
    bool found = false;
    for (auto& in : report["inputs"])
      if (in["path"] == ei["path"]) {
        found = true;
        if (ei.contains("type")) {
          EXPECT_EQ(in["type"], ei["type"]) << ei["path"];
        }
        if (ei.contains("status")) {
          EXPECT_EQ(in["status"], ei["status"]) << ei["path"];
        }
      }
    EXPECT_TRUE(found) << "input " << ei["path"] << " not listed";
  }
}

INSTANTIATE_TEST_SUITE_P(Golden, GoldenCase, ::testing::ValuesIn(case_names()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string n = param_info.param;
                           std::replace_if(
                               n.begin(), n.end(),
                               [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); },
                               '_');
                           return n;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(GoldenCase);

}  // namespace
}  // namespace wid::test
