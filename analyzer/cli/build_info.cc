// `wi-doctor version`: what a bug report needs to reproduce a run — the version, the git revision
// the binary was built from, the compiler and build type, and the version of every library it
// links (taken from the libraries at run time where they can say, else from the build).
#include <archive.h>
#include <openssl/crypto.h>
#include <zlib.h>

#include <CLI/Version.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "analyzer/cli/commands.h"
#include "collectors/http/curl_library.h"
#include "rules/hs_prefilter.h"

namespace wid {

const char* git_revision();  // generated/git_revision.cc (cmake/git_revision.cmake)

namespace {

#ifndef WID_RE2_VERSION
#define WID_RE2_VERSION "unknown"
#endif
#ifndef WID_YAML_CPP_VERSION
#define WID_YAML_CPP_VERSION "unknown"
#endif
#ifndef WID_BUILD_TYPE
#define WID_BUILD_TYPE "unknown"
#endif

std::string compiler() {
#if defined(__clang__)
  return "Clang " + std::to_string(__clang_major__) + "." + std::to_string(__clang_minor__) + "." +
         std::to_string(__clang_patchlevel__);
#elif defined(__GNUC__)
  return "GCC " __VERSION__;
#else
  return "unknown";
#endif
}

std::string nlohmann_version() {
  return std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." +
         std::to_string(NLOHMANN_JSON_VERSION_MINOR) + "." +
         std::to_string(NLOHMANN_JSON_VERSION_PATCH);
}

// "libarchive 3.6.2" -> "3.6.2".
std::string without_prefix(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0 ? s.substr(prefix.size()) : s;
}

}  // namespace

std::string version_text() {
  std::ostringstream os;
  auto lib = [&os](const char* name, const std::string& v) {
    os << "  " << name << std::string(15 - std::string(name).size(), ' ') << v << "\n";
  };
  os << "wi-doctor " << tool_version() << "\n";
  os << "revision: " << git_revision() << "\n";
  os << "built with: " << compiler() << ", " << WID_BUILD_TYPE << "\n";
  os << "libraries:\n";
  lib("RE2", WID_RE2_VERSION);
  const std::string hs = hyperscan_version();
  lib("Hyperscan", hs.empty() ? "not in this build (the RE2::Set scans alone)" : hs);
  lib("yaml-cpp", WID_YAML_CPP_VERSION);
  lib("nlohmann/json", nlohmann_version() + " (header-only)");
  lib("OpenSSL", OpenSSL_version(OPENSSL_VERSION));
  lib("libarchive", without_prefix(archive_version_string(), "libarchive "));
  lib("zlib", zlibVersion());
  lib("CLI11", CLI11_VERSION " (header-only)");
  lib("libcurl",
      std::string(curl_built_version()) + " (built against; opened by the first live request)");
  return os.str();
}

}  // namespace wid
