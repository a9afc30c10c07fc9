// libcurl, opened on first use. Only live requests need it, and loading it with everything it
// links (GnuTLS, Kerberos, LDAP, SSH, ICU...) cost about 10 ms of every run's start-up, which
// `version`, `rules list` and an offline `analyze` paid for nothing (bench/README.md, "Start-up").
#pragma once

#include <curl/curl.h>

#include "analyzer/model/result.h"

namespace wid {

// The libcurl entry points the HTTP client calls, resolved from one dlopen.
struct CurlLibrary {
  decltype(&::curl_easy_init) easy_init = nullptr;
  decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&::curl_easy_setopt) easy_setopt = nullptr;
  decltype(&::curl_easy_perform) easy_perform = nullptr;
  decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&::curl_easy_strerror) easy_strerror = nullptr;
  decltype(&::curl_slist_append) slist_append = nullptr;
  decltype(&::curl_slist_free_all) slist_free_all = nullptr;
};

// The soname of Debian's libcurl4, the OpenSSL build: the client hands libcurl an OpenSSL
// SSL_CTX callback, so the GnuTLS build (libcurl-gnutls.so.4) would not do.
inline constexpr const char* kCurlSoname = "libcurl.so.4";

// Opens soname and resolves every entry point, then runs curl_global_init. The error names the
// library, the package that ships it and what dlopen said.
Result<CurlLibrary> open_curl_library(const char* soname);

// The process's libcurl, opened once (thread-safe); the same error on every call if it failed.
Result<const CurlLibrary*> curl_library();

// "7.88.1, loaded on first use" without loading it: the version built against.
const char* curl_built_version();

}  // namespace wid
