// The json renderer (deterministic bytes, the model's JSON form, invalid UTF-8 replaced) and the
// renderer table (names, lookup).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>

#include "reports/renderer.h"
#include "tests/model/sample_report.h"

namespace wid {
namespace {

using nlohmann::json;

std::string render(const Report& r) {
  std::ostringstream out;
  Status st = render_json(r, RenderOptions{}, out);
  EXPECT_TRUE(st.ok());
  return out.str();
}

TEST(RenderJson, SameReportSameBytes) {
  EXPECT_EQ(render(sample::full_report()), render(sample::full_report()));
}

TEST(RenderJson, InputOrderDoesNotChangeTheBytes) {
  const std::string canonical = render(sample::full_report());
  Report r = sample::full_report();
  std::reverse(r.findings.begin(), r.findings.end());
  std::reverse(r.inputs.begin(), r.inputs.end());
  std::reverse(r.collectors.begin(), r.collectors.end());
  std::reverse(r.coverage.begin(), r.coverage.end());
  for (Finding& f : r.findings) {
    std::reverse(f.samples.begin(), f.samples.end());
    std::reverse(f.evidence.begin(), f.evidence.end());
    std::reverse(f.missing.begin(), f.missing.end());
  }
  r.summary = Summary{};  // stale: finalize recomputes it
  r.finalize();           // where a report is made: the renderer takes it as it is
  EXPECT_EQ(render(r), canonical);
}

TEST(RenderJson, IsTheModelsJsonIndentedWithATrailingNewline) {
  const std::string out = render(sample::full_report());
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back(), '\n');
  EXPECT_EQ(out.rfind("{\n  \"chain\": [", 0), 0u) << out.substr(0, 40);
  EXPECT_EQ(json::parse(out), report_to_json(sample::full_report()));
  Result<Report> back = report_from_json(json::parse(out));
  ASSERT_TRUE(back.ok()) << back.error().to_string();
  EXPECT_EQ(render(*back), out);
}

TEST(RenderJson, InvalidUtf8IsReplacedNotThrown) {
  Report r = sample::minimal_report();
  r.findings[0].samples.push_back({SourceRef{"a.log", 1, ""}, std::string("x\xc3\x28y\xff")});
  std::string out;
  ASSERT_NO_THROW(out = render(r));
  EXPECT_NE(out.find("\xEF\xBF\xBD"), std::string::npos);
  EXPECT_TRUE(json::accept(out));
}

TEST(RenderJson, ControlCharactersAreJsonEscaped) {
  Report r = sample::minimal_report();
  r.findings[0].detail = "a\x1b[31m\rb";
  const std::string out = render(r);
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_EQ(out.find('\r'), std::string::npos);
  EXPECT_NE(out.find("a\\u001b[31m\\rb"), std::string::npos);
}

TEST(RenderJson, ReportsAWriteFailure) {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  Status st = render_json(sample::minimal_report(), RenderOptions{}, out);
  EXPECT_FALSE(st.ok());
}

TEST(RendererTable, FindsEachRendererByExactName) {
  const std::pair<const char*, decltype(&render_json)> kWant[] = {
      {"json", &render_json},   {"text", &render_text},   {"html", &render_html},
      {"sarif", &render_sarif}, {"junit", &render_junit}, {"markdown", &render_markdown}};
  for (const auto& [name, fn] : kWant) {
    ASSERT_NE(find_renderer(name), nullptr) << name;
    EXPECT_EQ(find_renderer(name)->render, fn) << name;
  }
  EXPECT_EQ(renderers().size(), std::size(kWant));
  for (const char* missing : {"", "JSON", "HTML", "json ", "txt", "md", "xml"})
    EXPECT_EQ(find_renderer(missing), nullptr) << missing;
}

TEST(RendererTable, NamesAreUniqueAndDescribed) {
  std::set<std::string> names;
  for (const Renderer& r : renderers()) {
    EXPECT_TRUE(names.insert(r.name).second) << r.name;
    EXPECT_GT(std::string(r.description).size(), 10u) << r.name;
    EXPECT_NE(r.render, nullptr);
  }
  EXPECT_EQ(renderers().front().name, std::string("text"));
}

}  // namespace
}  // namespace wid
