// The README's examples run as a test, so they cannot rot. Every ```console block in README.md
// is a sequence of `$ wi-doctor ...` commands, each followed by lines its output must contain
// in that order (a line `...` skips any output), and optionally `[exit N]`.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "tests/support/paths.h"
#include "tests/support/run_binary.h"

namespace wid::test {
namespace {

struct Example {
  int readme_line = 0;
  std::string command;
  std::vector<std::string> expected;
  int exit_code = 0;
};

std::vector<std::string> split_args(const std::string& cmd) {
  std::vector<std::string> out;
  std::string cur;
  bool in_single = false, in_double = false, any = false;
  for (char c : cmd) {
    if (c == '\'' && !in_double) {
      in_single = !in_single;
      any = true;
      continue;
    }
    if (c == '"' && !in_single) {
      in_double = !in_double;
      any = true;
      continue;
    }
    if (c == ' ' && !in_single && !in_double) {
      if (any || !cur.empty()) out.push_back(cur);
      cur.clear();
      any = false;
      continue;
    }
    cur += c;
  }
  if (any || !cur.empty()) out.push_back(cur);
  return out;
}

std::vector<Example> parse_readme(const std::string& text) {
  std::vector<Example> out;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  bool in_block = false;
  while (std::getline(in, line)) {
    ++n;
    if (line.rfind("```console", 0) == 0) {
      in_block = true;
      continue;
    }
    if (in_block && line.rfind("```", 0) == 0) {
      in_block = false;
      continue;
    }
    if (!in_block) continue;
    if (line.rfind("$ ", 0) == 0) {
      out.push_back(Example{n, line.substr(2), {}, 0});
    } else if (!out.empty()) {
      // "[exit N]" (no <regex>: GCC 12 warns inside it under the sanitizer build).
      const std::string kExit = "[exit ";
      if (line.rfind(kExit, 0) == 0 && line.size() > kExit.size() + 1 && line.back() == ']')
        out.back().exit_code = std::stoi(line.substr(kExit.size()));
      else if (!line.empty())
        out.back().expected.push_back(line);
    }
  }
  return out;
}

std::string rstrip(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

TEST(ReadmeExamples, EveryConsoleBlockRunsAsDocumented) {
  std::string readme = read_file(std::string(WID_SOURCE_DIR) + "/README.md");
  auto examples = parse_readme(readme);
  ASSERT_GE(examples.size(), 5u) << "README.md should show every subcommand";
  std::string tmp = make_temp_dir("wid-readme");
  for (auto& ex : examples) {
    SCOPED_TRACE("README.md:" + std::to_string(ex.readme_line) + ": $ " + ex.command);
    auto args = split_args(ex.command);
    ASSERT_FALSE(args.empty());
    if (args[0] != "wi-doctor") continue;  // make demo / make test are run by CI itself
    args[0] = WID_BINARY;
    // Paths in examples are relative to the repository; outputs land in a scratch copy dir.
    for (auto& a : args)
      if (a.rfind("json=", 0) == 0 && a != "json=-") a = "json=" + tmp + "/" + a.substr(5);
    RunResult r = run_binary(args, WID_SOURCE_DIR, {"NO_COLOR=1"});
    EXPECT_EQ(r.exit_code, ex.exit_code) << r.err;
    std::istringstream got(r.out);
    std::vector<std::string> lines;
    for (std::string l; std::getline(got, l);) lines.push_back(rstrip(l));
    size_t pos = 0;
    for (auto& want : ex.expected) {
      if (want == "...") continue;
      std::string w = rstrip(want);
      size_t k = pos;
      while (k < lines.size() && lines[k] != w) ++k;
      EXPECT_LT(k, lines.size()) << "expected line not found (in order): " << w << "\noutput:\n"
                                 << r.out;
      if (k >= lines.size()) break;
      pos = k + 1;
    }
  }
  std::filesystem::remove_all(tmp);
}

}  // namespace
}  // namespace wid::test
