// run_program against /bin/sh: what the live collectors rely on when they run `az` or an exec
// credential plugin.
#include "collectors/process/run_program.h"

#include <gtest/gtest.h>

#include <chrono>

namespace wid {
namespace {

ProgramRun shell(const std::string& script) {
  ProgramRun run;
  run.path = "/bin/sh";
  run.args = {"-c", script};
  run.timeout_ms = 10000;
  return run;
}

TEST(RunProgram, CapturesStdoutAndTheExitStatus) {
  auto r = run_program(shell("printf 'token\\n'; echo hint >&2; exit 0"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->output, "token\n");
  EXPECT_EQ(r->exit_status, 0);
  EXPECT_TRUE(r->succeeded());

  r = run_program(shell("echo partial; exit 3"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->exit_status, 3);
  EXPECT_FALSE(r->succeeded());
}

TEST(RunProgram, GivesTheChildTheExtraEnvironmentAndNoStdin) {
  auto run = shell("printf '%s|' \"$WID_PLUGIN_INFO\"; cat; echo end");
  run.extra_env = {"WID_PLUGIN_INFO={\"kind\":\"ExecCredential\"}"};
  auto r = run_program(run);
  ASSERT_TRUE(r);
  // `cat` reads /dev/null and ends at once: nothing can wait on a prompt.
  EXPECT_EQ(r->output, "{\"kind\":\"ExecCredential\"}|end\n");
}

TEST(RunProgram, KillsAProgramThatOutlivesItsTimeout) {
  auto run = shell("echo started; exec sleep 30");
  run.timeout_ms = 200;
  auto r = run_program(run);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->timed_out);
  EXPECT_FALSE(r->succeeded());
  EXPECT_EQ(r->exit_status, -1);
  EXPECT_EQ(r->output, "started\n");
}

TEST(RunProgram, StopsReadingAtTheOutputCap) {
  auto run = shell("head -c 100000 /dev/zero | tr '\\0' x");
  run.max_output_bytes = 4096;
  auto r = run_program(run);
  ASSERT_TRUE(r);
  EXPECT_LE(r->output.size(), 4096u);
  EXPECT_FALSE(r->timed_out);
  EXPECT_TRUE(r->output_capped);
  EXPECT_FALSE(r->succeeded());
}

// A program that writes past the cap and then lingers (here: sleeps, ignoring the closed pipe)
// is killed at once, not waited for until it exits: run_program returns long before the sleep
// ends, and well before its own timeout.
TEST(RunProgram, KillsAProgramThatWritesPastTheCapAndLingers) {
  auto run = shell("trap '' PIPE; head -c 2097152 /dev/zero; exec sleep 30");
  run.max_output_bytes = 65536;
  run.timeout_ms = 60000;
  const auto start = std::chrono::steady_clock::now();
  auto r = run_program(run);
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->output_capped);
  EXPECT_FALSE(r->timed_out);
  EXPECT_EQ(r->exit_status, -1);
  EXPECT_FALSE(r->succeeded());
  EXPECT_LT(took, std::chrono::seconds(25)) << "waited for the lingering program";
}

TEST(RunProgram, AMissingProgramExitsWith127) {
  ProgramRun run;
  run.path = "/nonexistent/wid-no-such-program";
  auto r = run_program(run);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->exit_status, 127);
}

TEST(FindOnPath, ResolvesABareNameAndReportsAMissingOne) {
  EXPECT_FALSE(find_on_path("sh").empty());
  EXPECT_EQ(find_on_path("wid-no-such-program-anywhere"), "");
}

}  // namespace
}  // namespace wid
