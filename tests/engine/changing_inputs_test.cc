// Inputs that change or refuse while being read: a log cut short (copytruncate rotation) or
// replaced (rotation by rename) between listing and reading, a file removed in between, a file
// without read permission (read by an unprivileged user), sockets, device nodes and symlink loops.
// Each is an `inputs` entry that says what happened, and the rest of the bundle is analyzed.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include "analyzer/engine/engine.h"
#include "collectors/bundle/bundle_reader.h"
#include "tests/collectors/collector_fixtures.h"
#include "tests/support/paths.h"
#include "tests/support/run_binary.h"

namespace wid {
namespace {

namespace fs = std::filesystem;

const std::string kFixture = std::string(WID_SOURCE_DIR) +
                             "/fixtures/cases/aadsts70021/input/logs/capz-system/"
                             "capz-controller-manager-6d8f7c9b4-x2x7k/manager.log";
const std::string kRotating = "logs/capz-system/capz-controller-manager-1/manager.log";
const std::string kSteady = "logs/capz-system/capz-controller-manager-2/manager.log";

class ChangingInputs : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = load_catalog(builtin_catalog_sources());
    ASSERT_TRUE(c.ok());
    catalog_ = std::move(*c);
    log_ = test::read_file(kFixture);
    ASSERT_GT(log_.size(), 3000u);
    dir_.write(kRotating, log_);
    dir_.write(kSteady, log_);
    ASSERT_TRUE(read_bundle({dir_.path().string()}, store_).ok());
  }
  Report analyze_now() {
    AnalyzeOptions o;
    o.now = "2026-11-28T12:00:00Z";
    auto r = analyze(store_, catalog_, o);
    EXPECT_TRUE(r.ok());
    return r.ok() ? std::move(*r) : Report{};
  }
  static const InputFile* input(const Report& r, const std::string& path) {
    for (const auto& in : r.inputs)
      if (in.path == path) return &in;
    return nullptr;
  }
  // The steady log beside the changed one is analyzed in full.
  static void expect_rest_analyzed(const Report& r) {
    const InputFile* steady = input(r, kSteady);
    ASSERT_NE(steady, nullptr);
    EXPECT_EQ(steady->status, InputStatus::kRead);
    bool seen = false;
    for (const auto& f : r.findings) seen = seen || f.rule_id == "AADSTS70021";
    EXPECT_TRUE(seen);
  }
  std::string on_disk(const std::string& rel) const { return (dir_.path() / rel).string(); }

  testing::TempDir dir_;
  EvidenceStore store_;
  Catalog catalog_;
  std::string log_;
};

TEST_F(ChangingInputs, ALogCutShortWhileReadSaysHowMuchWasNotRead) {
  ASSERT_EQ(::truncate(on_disk(kRotating).c_str(), 1000), 0);
  Report r = analyze_now();
  const InputFile* in = input(r, kRotating);
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->status, InputStatus::kUnreadable);
  EXPECT_EQ(in->error, "changed while being read: truncated at byte 1000, " +
                           std::to_string(log_.size() - 1000) +
                           " bytes listed were not read (rotated by copytruncate?)");
  expect_rest_analyzed(r);
}

TEST_F(ChangingInputs, ALogReplacedByRotationIsNotReadInItsPlace) {
  const std::string fresh = on_disk(kRotating) + ".new";
  std::ofstream(fresh) << std::string(log_.size(), 'x');
  ASSERT_EQ(::rename(fresh.c_str(), on_disk(kRotating).c_str()), 0);
  Report r = analyze_now();
  const InputFile* in = input(r, kRotating);
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->status, InputStatus::kUnreadable);
  EXPECT_EQ(in->error,
            "replaced after it was listed (rotated by rename?); the new file is not read");
  expect_rest_analyzed(r);
}

TEST_F(ChangingInputs, ALogRemovedAfterListingSaysSo) {
  ASSERT_EQ(::unlink(on_disk(kRotating).c_str()), 0);
  Report r = analyze_now();
  const InputFile* in = input(r, kRotating);
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->status, InputStatus::kUnreadable);
  EXPECT_EQ(in->error, "removed after it was listed; not read");
  expect_rest_analyzed(r);
}

// Sockets, device nodes and symlink loops are listed as skipped, each saying what it is.
TEST(RefusingInputs, SocketsDevicesAndSymlinkLoopsAreListedAndTheRestRead) {
  testing::TempDir dir;
  dir.write("logs/ok.log", test::read_file(kFixture));
  const std::string sock = (dir.path() / "agent.sock").string();
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  ASSERT_LT(sock.size(), sizeof addr.sun_path);
  std::memcpy(addr.sun_path, sock.c_str(), sock.size() + 1);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  fs::create_symlink("loop-b", dir.path() / "loop-a");
  fs::create_symlink("loop-a", dir.path() / "loop-b");
  fs::create_directory_symlink(".", dir.path() / "self");
  const bool have_device =
      ::mknod((dir.path() / "null").c_str(), S_IFCHR | 0600, makedev(1, 3)) == 0;
  EvidenceStore store;
  ASSERT_TRUE(read_bundle({dir.path().string()}, store).ok());
  ::close(fd);
  auto status_of = [&](const std::string& path) -> std::string {
    for (const auto& in : store.inputs)
      if (in.path == path) return std::string(input_status_name(in.status)) + ": " + in.error;
    return "(not listed)";
  };
  EXPECT_EQ(status_of("agent.sock"), "skipped: socket (only regular files are read)");
  EXPECT_EQ(status_of("loop-a"), "skipped: symbolic link to 'loop-b' (not followed)");
  EXPECT_EQ(status_of("self"), "skipped: symbolic link to '.' (not followed)");
  if (have_device) {
    EXPECT_EQ(status_of("null"), "skipped: character device (only regular files are read)");
  }
  EXPECT_EQ(status_of("logs/ok.log").substr(0, 6), "read: ");
  EXPECT_EQ(store.logs.size(), 1u);
  if (!have_device) GTEST_SKIP() << "mknod is not permitted here; the device-node row did not run";
}

// A file the user running wi-doctor cannot read: run as nobody (uid 65534) with setpriv.
TEST(RefusingInputs, AFileWithoutReadPermissionIsListedAndTheRestRead) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to run the binary as another user (setpriv)";
  if (::access("/usr/bin/setpriv", X_OK) != 0) GTEST_SKIP() << "setpriv is not installed";
  const std::string dir = test::make_temp_dir("wid-perm");
  ::chmod(dir.c_str(), 0755);
  fs::create_directories(dir + "/logs");
  std::ofstream(dir + "/logs/ok.log") << test::read_file(kFixture);
  std::ofstream(dir + "/logs/secret.log") << test::read_file(kFixture);
  ::chmod((dir + "/logs").c_str(), 0755);
  ::chmod((dir + "/logs/ok.log").c_str(), 0644);
  ::chmod((dir + "/logs/secret.log").c_str(), 0600);
  // The binary must be reachable by nobody; when its directories are not, say so and skip.
  if (test::run_binary({"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                        WID_BINARY, "version"})
          .exit_code != 0)
    GTEST_SKIP() << "uid 65534 cannot run " << WID_BINARY;
  test::RunResult r = test::run_binary({"/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                                        "--clear-groups", WID_BINARY, "analyze", dir, "--now",
                                        "2026-11-28T12:00:00Z", "-q", "-o", "json=-"});
  fs::remove_all(dir);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  const auto report = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(report.is_object()) << r.out.substr(0, 300);
  std::map<std::string, nlohmann::json> by_path;
  for (const auto& in : report["inputs"]) by_path[in["path"].get<std::string>()] = in;
  EXPECT_EQ(by_path["logs/secret.log"]["status"], "unreadable") << by_path["logs/secret.log"];
  EXPECT_NE(by_path["logs/secret.log"].dump().find("Permission denied"), std::string::npos)
      << by_path["logs/secret.log"];
  EXPECT_EQ(by_path["logs/ok.log"]["status"], "read");
}

}  // namespace
}  // namespace wid
