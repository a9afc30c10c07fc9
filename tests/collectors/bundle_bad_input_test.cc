// The bad-input list: each hostile file yields a clear unreadable or
// skipped record, nothing crashes or hangs, and the good log beside them is still read.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "collectors/bundle/bundle_reader.h"
#include "tests/collectors/collector_fixtures.h"

namespace wid {
namespace {

namespace fs = std::filesystem;
using testing::find_input;
using testing::TarEntry;

constexpr const char* kGood =
    "E1127 09:02:11.327968       1 controller.go:329] \"Reconciler error\"\n";

std::string billion_laughs() {
  std::string s = "a: &a [x, x, x, x, x, x, x, x, x]\n";
  const char* n = "abcdefghi";
  for (int i = 1; i < 9; ++i) {
    s += std::string(1, n[i]) + ": &" + n[i] + " [";
    for (int k = 0; k < 9; ++k) s += std::string(k ? ", *" : "*") + n[i - 1];
    s += "]\n";
  }
  return s;
}

class BundleBadInputTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
  EvidenceStore store_;

  const InputFile& read_one(const std::string& name) {
    const InputFile* in = find_input(store_, name);
    if (in == nullptr) {
      static const InputFile missing{};
      ADD_FAILURE() << name << " is not listed";
      return missing;
    }
    return *in;
  }
  bool unreadable_recorded(const std::string& path, const std::string& substring) {
    for (const auto& u : store_.unreadable)
      if (u.source.path == path && u.message.find(substring) != std::string::npos) return true;
    return false;
  }
};

TEST_F(BundleBadInputTest, EveryHostileFileIsReportedAndTheGoodLogIsRead) {
  const fs::path b = dir_.path() / "b";
  dir_.write("b/logs/capz-system/capz-controller-manager-1/manager.log", kGood);
  dir_.write("b/empty.log", "");
  dir_.write("b/random.bin", std::string("\x00\x01\x02\xff\xfe", 5) + std::string(4096, '\x07'));
  dir_.write("b/latin1.log", "E1127 09:00:00.000000 1 x.go:1] caf\xe9 \xff\xfe broken\n");
  const std::string gz = testing::gzip(std::string(2000, 'x') + "\n" + kGood);
  dir_.write("b/truncated.log.gz", gz.substr(0, gz.size() / 2));
  dir_.write("b/bomb.yaml", billion_laughs());
  dir_.write("b/cycle.yaml", "apiVersion: v1\nkind: List\nitems: &a [*a]\n");
  dir_.write("b/deep.json", std::string(10000, '[') + std::string(10000, ']'));
  dir_.write("b/comma.yaml", ",");
  dir_.write("b/hostile.tar.gz",
             testing::make_tar({{"../escape.log", kGood},
                                {"/etc/cron.d/evil", "x"},
                                {"ok/link", "", TarEntry::Type::kSymlink, "/etc"},
                                {"ok/fifo", "", TarEntry::Type::kFifo},
                                {"ok/good.log", kGood}},
                               true));
  fs::create_symlink("/etc/passwd", b / "passwd-link");
  ASSERT_EQ(::mkfifo((b / "pipe").c_str(), 0600), 0);
  // 50 MB on one line, made here and removed with the temp dir.
  {
    std::ofstream big(b / "huge-line.log", std::ios::binary);
    std::string block(1 << 20, 'a');
    for (int i = 0; i < 50; ++i)
      big.write(block.data(), static_cast<std::streamsize>(block.size()));
  }

  const auto start = std::chrono::steady_clock::now();
  auto r = read_bundle({b.string()}, store_);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  ASSERT_TRUE(r.ok()) << r.error().message;

  EXPECT_EQ(read_one("logs/capz-system/capz-controller-manager-1/manager.log").type, "log/klog");
  EXPECT_EQ(read_one("hostile.tar.gz/ok/good.log").type, "log/klog");

  EXPECT_EQ(read_one("empty.log").type, "empty");
  EXPECT_EQ(read_one("random.bin").status, InputStatus::kSkipped);
  EXPECT_EQ(read_one("random.bin").error, "binary content (NUL byte at offset 0)");
  EXPECT_EQ(read_one("latin1.log").type, "log/klog");  // read; the scanner shows U+FFFD

  const InputFile& trunc = read_one("truncated.log.gz");
  EXPECT_EQ(trunc.type, "log/plain");
  EXPECT_NE(trunc.error.find("gzip stream truncated after"), std::string::npos) << trunc.error;
  EXPECT_TRUE(unreadable_recorded("truncated.log.gz", "gzip stream truncated"));

  EXPECT_EQ(read_one("bomb.yaml").status, InputStatus::kUnreadable);
  EXPECT_NE(read_one("bomb.yaml").error.find("YAML alias expansion limit (10000 nodes) exceeded"),
            std::string::npos);
  EXPECT_NE(read_one("cycle.yaml").error.find("YAML alias cycle at 3:"), std::string::npos)
      << read_one("cycle.yaml").error;
  EXPECT_EQ(read_one("deep.json").error, "JSON nesting deeper than 128 levels");
  EXPECT_EQ(read_one("comma.yaml").error, "no parsable YAML document at 1:1");
  for (const char* p : {"bomb.yaml", "cycle.yaml", "deep.json", "comma.yaml"})
    EXPECT_TRUE(unreadable_recorded(p, "")) << p;

  const InputFile& escape = read_one("hostile.tar.gz/../escape.log");
  EXPECT_EQ(escape.status, InputStatus::kSkipped);
  EXPECT_EQ(escape.error, "unsafe path in archive: parent directory reference (..)");
  EXPECT_TRUE(unreadable_recorded("hostile.tar.gz/../escape.log", "unsafe path"));
  EXPECT_EQ(read_one("hostile.tar.gz//etc/cron.d/evil").error,
            "unsafe path in archive: absolute path");
  EXPECT_EQ(read_one("hostile.tar.gz/ok/link").error, "symbolic link to '/etc' (not followed)");
  EXPECT_EQ(read_one("hostile.tar.gz/ok/fifo").error, "FIFO (only regular files are read)");
  EXPECT_EQ(read_one("passwd-link").error, "symbolic link to '/etc/passwd' (not followed)");
  EXPECT_EQ(read_one("pipe").error, "FIFO (only regular files are read)");
  EXPECT_FALSE(fs::exists(dir_.path() / "escape.log"));

  const InputFile& huge = read_one("huge-line.log");
  EXPECT_EQ(huge.type, "log/plain");
  EXPECT_EQ(huge.size, 50u << 20);
}

TEST_F(BundleBadInputTest, AHostileFileNeverStopsTheOthers) {
  // Same hostile files as single PATHs: each is read on its own without an error for the run.
  for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
           {"comma.yaml", ","},
           {"bomb.yaml", billion_laughs()},
           {"deep.json", std::string(10000, '[') + std::string(10000, ']')},
           {"e.log", ""}}) {
    EvidenceStore s;
    auto r = read_bundle({dir_.write(name, bytes)}, s);
    ASSERT_TRUE(r.ok()) << name;
    ASSERT_EQ(s.inputs.size(), 1u) << name;
    EXPECT_EQ(s.inputs[0].path, name);
  }
}

}  // namespace
}  // namespace wid
