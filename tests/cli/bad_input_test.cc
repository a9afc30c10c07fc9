// Bad input end to end: a bundle full of hostile files still yields the finding in its one good
// log, each bad file is reported (never a crash, hang or silent drop), and nothing is written
// outside the analysis.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/support/paths.h"
#include "tests/support/run_binary.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace wid::test {
namespace {

constexpr const char* kGoodLine =
    "E1127 09:02:11.327968       1 controller.go:329] \"Reconciler error\" err=\"AADSTS70021: No "
    "matching federated identity record found for presented assertion. Assertion Issuer: "
    "'https://oidc.example/a'. Assertion Subject: 'system:serviceaccount:capz-system:capz-manager'"
    ". Assertion Audience: 'api://AzureADTokenExchange'.\"\n";

void write(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

std::string gzip(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(compressBound(data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// A tar.gz whose entries try to escape, link out, or are devices; plus one good log.
void write_hostile_tar(const fs::path& p) {
  archive* a = archive_write_new();
  archive_write_add_filter_gzip(a);
  archive_write_set_format_pax_restricted(a);
  archive_write_open_filename(a, p.c_str());
  auto add = [&](const char* name, mode_t type, const std::string& data, const char* link) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name);
    archive_entry_set_filetype(e, type);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, type == AE_IFREG ? static_cast<la_int64_t>(data.size()) : 0);
    if (link) archive_entry_set_symlink(e, link);
    archive_write_header(a, e);
    if (type == AE_IFREG) archive_write_data(a, data.data(), data.size());
    archive_entry_free(e);
  };
  add("../escape.log", AE_IFREG, kGoodLine, nullptr);
  add("/etc/cron.d/evil", AE_IFREG, "x", nullptr);
  add("ok/link", AE_IFLNK, "", "/etc");
  add("ok/fifo", AE_IFIFO, "", nullptr);
  add("logs/capz-system/capz-controller-manager-1/manager.log", AE_IFREG, kGoodLine, nullptr);
  archive_write_close(a);
  archive_write_free(a);
}

class BadInput : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_temp_dir("wid-bad"); }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(BadInput, HostileFilesAreReportedAndTheGoodLogIsStillAnalyzed) {
  fs::path b = dir_ / "bundle";
  write(b / "logs/capz-system/capz-controller-manager-6b8f7d9c5d-h4x2q/manager.log",
        std::string("I1127 09:02:10.000000       1 x.go:1] \"ok\"\n") + kGoodLine);
  write(b / "empty.log", "");
  write(b / "random.bin", std::string("\x00\x01\x02\xff\xfe", 5) + std::string(4096, '\0'));
  write(b / "huge-line.log", std::string(50u << 20, 'a'));  // 50 MB, no newline
  write(b / "latin1.log", "E1127 09:00:00.000000 1 x.go:1] caf\xe9 \xff\xfe broken\n");
  std::string gz = gzip(std::string(200000, 'x') + "\n" + kGoodLine);
  write(b / "truncated.log.gz", gz.substr(0, gz.size() / 2));
  write(b / "bomb.yaml",
        "a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n"
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
        "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
        "kind: List\napiVersion: v1\nitems: [*g]\n");
  write(b / "cycle.yaml", "apiVersion: v1\nkind: List\nitems: &a [*a]\n");
  write(b / "deep.json", std::string(10000, '[') + std::string(10000, ']'));
  write(b / "comma.yaml", ",");
  write_hostile_tar(b / "nested.tar.gz");

  RunResult r = run_binary(
      {WID_BINARY, "analyze", b.string(), "--now", "2026-11-28T12:00:00Z", "-o", "json=-", "-q"});
  ASSERT_EQ(r.exit_code, 3) << r.err;
  json report = json::parse(r.out);
  std::map<std::string, std::string> inputs;
  for (auto& in : report["inputs"])
    inputs[in["path"]] =
        in["status"].get<std::string>() + " " + in.value("type", "") + " " + in.value("error", "");
  std::set<std::string> subjects;
  int good = 0;
  for (auto& f : report["findings"]) {
    if (f["ruleId"] == "INPUT_UNREADABLE") subjects.insert(f["subject"]);
    if (f["ruleId"] == "AADSTS70021") good += f["count"].get<int>();
  }
  EXPECT_GE(good, 2) << "the good log (and the good archive member) are still analyzed";
  for (const char* bad : {"truncated.log.gz", "bomb.yaml", "cycle.yaml", "deep.json"}) {
    EXPECT_TRUE(subjects.count(bad))
        << bad << " should be INPUT_UNREADABLE; input: " << inputs[bad];
  }
  for (auto& [path, st] : inputs) {
    bool hostile = path.find("escape") != std::string::npos ||
                   path.find("evil") != std::string::npos ||
                   path.find("link") != std::string::npos || path.find("fifo") != std::string::npos;
    if (hostile) {
      EXPECT_NE(st.rfind("read ", 0), 0u) << path << " must not be read: " << st;
    }
  }
  EXPECT_FALSE(fs::exists(dir_ / "escape.log"));
  EXPECT_TRUE(inputs.count("empty.log")) << "an empty file is listed, not dropped";
  EXPECT_TRUE(inputs.count("random.bin"));
}

}  // namespace
}  // namespace wid::test
