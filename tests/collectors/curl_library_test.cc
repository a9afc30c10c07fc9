// libcurl is opened on first use: a run that makes no live request never loads it, and a
// missing library is an error that says which package to install.
#include "collectors/http/curl_library.h"

#include <gtest/gtest.h>

#include "tests/support/paths.h"
#include "tests/support/run_binary.h"

namespace wid {
namespace {

TEST(CurlLibrary, OpensTheSystemLibraryAndResolvesEveryEntryPoint) {
  auto lib = open_curl_library(kCurlSoname);
  ASSERT_TRUE(lib.ok()) << lib.error().message;
  CURL* c = lib->easy_init();
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(lib->easy_setopt(c, CURLOPT_URL, "https://127.0.0.1/"), CURLE_OK);
  EXPECT_STREQ(lib->easy_strerror(CURLE_OK), "No error");
  curl_slist* list = lib->slist_append(nullptr, "Accept: application/json");
  ASSERT_NE(list, nullptr);
  lib->slist_free_all(list);
  lib->easy_cleanup(c);
}

TEST(CurlLibrary, AMissingLibraryNamesItselfAndItsPackage) {
  auto lib = open_curl_library("libwid-no-such-curl.so.4");
  ASSERT_FALSE(lib.ok());
  EXPECT_EQ(lib.error().code, ErrorCode::kNotFound);
  EXPECT_NE(lib.error().message.find("libwid-no-such-curl.so.4"), std::string::npos);
  EXPECT_NE(lib.error().message.find("libcurl4"), std::string::npos);
}

// LD_DEBUG=libs makes the dynamic loader name every library it looks for on stderr.
std::string libraries_loaded_by(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {test::binary_path()};
  argv.insert(argv.end(), args.begin(), args.end());
  return test::run_binary(argv, test::source_dir(), {"LD_DEBUG=libs"}).err;
}

TEST(CurlLibrary, RunsWithoutALiveRequestNeverLoadIt) {
  const std::string version = libraries_loaded_by({"version"});
  ASSERT_NE(version.find("libre2"), std::string::npos) << "LD_DEBUG said nothing:\n" << version;
  EXPECT_EQ(version.find("libcurl"), std::string::npos) << version;
  const std::string analyze =
      libraries_loaded_by({"analyze", "fixtures/bundles/quickstart-issuer-slash", "-o", "json"});
  EXPECT_EQ(analyze.find("libcurl"), std::string::npos) << analyze;
}

}  // namespace
}  // namespace wid
