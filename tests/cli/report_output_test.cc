// Reports are never half-written: a -o file is replaced whole or left as it was, and a report that
// standard output could not take (a full disk, a pipe nobody reads) is an error with a message,
// never a normal-looking exit code.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "tests/support/paths.h"
#include "tests/support/run_binary.h"

namespace fs = std::filesystem;

namespace wid::test {
namespace {

const std::string kBundle =
    std::string(WID_SOURCE_DIR) + "/fixtures/bundles/quickstart-issuer-slash";
const std::string kNow = "2026-11-28T12:00:00Z";

std::vector<std::string> analyze(const std::string& output) {
  return {WID_BINARY, "analyze", kBundle, "--now", kNow, "-q", "-o", output};
}

// The child writes with a 1 KiB file-size limit (SIGXFSZ ignored, so write() fails with EFBIG):
// the report runs out of room part way through, as on a full disk.
RunResult with_file_size_limit(const std::vector<std::string>& argv) {
  std::string cmd = "ulimit -f 1 && trap '' XFSZ && exec";
  for (const auto& a : argv) cmd += " '" + a + "'";
  return run_binary({"/bin/bash", "-c", cmd});
}

std::vector<std::string> entries(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(ReportOutput, AWriteThatFailsMidwayLeavesTheOlderReportWhole) {
  const std::string dir = make_temp_dir("wid-atomic");
  const std::string path = dir + "/report.json";
  const std::string older = "{\"schemaVersion\": \"wi-doctor.report/v1\", \"older\": true}\n";
  std::ofstream(path) << older;
  RunResult r = with_file_size_limit(analyze("json=" + path));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("cannot write " + path + ": File too large"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(path), older);
  EXPECT_EQ(entries(dir), std::vector<std::string>{"report.json"});  // no temporary left behind
  fs::remove_all(dir);
}

TEST(ReportOutput, AWriteThatFailsMidwayLeavesNoFileAtAll) {
  const std::string dir = make_temp_dir("wid-atomic");
  const std::string path = dir + "/report.sarif";
  RunResult r = with_file_size_limit(analyze("sarif=" + path));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("cannot write " + path), std::string::npos) << r.err;
  EXPECT_TRUE(entries(dir).empty());
  fs::remove_all(dir);
}

TEST(ReportOutput, ACompleteReportReplacesTheOlderOneWithOwnerOnlyMode) {
  const std::string dir = make_temp_dir("wid-atomic");
  const std::string path = dir + "/report.json";
  std::ofstream(path) << "older";
  ::chmod(path.c_str(), 0644);
  RunResult r = run_binary(analyze("json=" + path));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(read_file(path).find("\"schemaVersion\": \"wi-doctor.report/v1\""), std::string::npos);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(entries(dir), std::vector<std::string>{"report.json"});
  fs::remove_all(dir);
}

TEST(ReportOutput, ADeviceIsWrittenInPlaceAndItsErrorsSeen) {
  EXPECT_EQ(run_binary(analyze("json=/dev/null")).exit_code, 3);
  RunResult full = run_binary(analyze("json=/dev/full"));
  EXPECT_EQ(full.exit_code, 2);
  EXPECT_NE(full.err.find("cannot write /dev/full: No space left on device"), std::string::npos)
      << full.err;
}

// Standard output on /dev/full: every write fails with ENOSPC.
RunResult to_dev_full(const std::vector<std::string>& argv) {
  int fd = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
  RunResult r = run_binary(argv, "", {}, fd);
  ::close(fd);
  return r;
}

// Standard output on a pipe whose reading end is already closed: every write fails with EPIPE.
RunResult to_closed_pipe(const std::vector<std::string>& argv) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return {};
  ::close(fds[0]);
  RunResult r = run_binary(argv, "", {}, fds[1]);
  ::close(fds[1]);
  return r;
}

TEST(ReportOutput, AReportLostOnAFullStdoutIsExitTwoWithAMessage) {
  // Before: exit 3 ("error findings") and nothing on stderr.
  RunResult r = to_dev_full(analyze("text=-"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot write the report to standard output: No space left on device"),
            std::string::npos)
      << r.err;
}

TEST(ReportOutput, AReportLostOnAClosedPipeIsExitTwoWithAMessage) {
  RunResult r = to_closed_pipe(analyze("json=-"));
  EXPECT_EQ(r.exit_code, 2);  // not killed by SIGPIPE (141), not 3
  EXPECT_NE(r.err.find("standard output: Broken pipe"), std::string::npos) << r.err;
}

TEST(ReportOutput, EverySubcommandChecksStdoutWhenItCloses) {
  // Short outputs sit in stdio's buffer until exit: only closing stdout can see them fail.
  for (const auto& args :
       std::vector<std::vector<std::string>>{{WID_BINARY, "version"},
                                             {WID_BINARY, "explain", "AADSTS70021"},
                                             {WID_BINARY, "rules", "list"}}) {
    RunResult full = to_dev_full(args);
    EXPECT_EQ(full.exit_code, 2) << args[1];
    EXPECT_NE(full.err.find("cannot write to standard output: "), std::string::npos)
        << args[1] << ": " << full.err;
    RunResult pipe = to_closed_pipe(args);
    EXPECT_EQ(pipe.exit_code, 2) << args[1];
    EXPECT_NE(pipe.err.find("cannot write to standard output: "), std::string::npos)
        << args[1] << ": " << pipe.err;
  }
}

}  // namespace
}  // namespace wid::test
