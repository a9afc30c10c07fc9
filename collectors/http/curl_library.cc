#include "collectors/http/curl_library.h"

#include <dlfcn.h>

#include <mutex>
#include <string>

namespace wid {
namespace {

template <typename Fn>
bool resolve(void* handle, const char* name, Fn& fn, std::string& missing) {
  fn = reinterpret_cast<Fn>(dlsym(handle, name));
  if (fn == nullptr) missing += std::string(missing.empty() ? "" : ", ") + name;
  return fn != nullptr;
}

}  // namespace

Result<CurlLibrary> open_curl_library(const char* soname) {
  // RTLD_LOCAL: its symbols stay out of the global namespace, so nothing else binds to them.
  void* handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    return make_error(ErrorCode::kNotFound,
                      std::string("live requests need ") + soname +
                          " (Debian package libcurl4), which could not be loaded: " +
                          (why ? why : "unknown error"));
  }
  CurlLibrary lib;
  std::string missing;
  resolve(handle, "curl_easy_init", lib.easy_init, missing);
  resolve(handle, "curl_easy_cleanup", lib.easy_cleanup, missing);
  resolve(handle, "curl_easy_setopt", lib.easy_setopt, missing);
  resolve(handle, "curl_easy_perform", lib.easy_perform, missing);
  resolve(handle, "curl_easy_getinfo", lib.easy_getinfo, missing);
  resolve(handle, "curl_easy_strerror", lib.easy_strerror, missing);
  resolve(handle, "curl_slist_append", lib.slist_append, missing);
  resolve(handle, "curl_slist_free_all", lib.slist_free_all, missing);
  decltype(&::curl_global_init) global_init = nullptr;
  resolve(handle, "curl_global_init", global_init, missing);
  if (!missing.empty()) {
    dlclose(handle);
    return make_error(ErrorCode::kUnsupported, std::string(soname) + " lacks " + missing +
                                                   " (libcurl 7.62 or newer needed)");
  }
  // The handle stays open for the life of the process, as a linked library's would.
  if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
    return make_error(ErrorCode::kInternal, std::string(soname) + ": curl_global_init failed");
  return lib;
}

Result<const CurlLibrary*> curl_library() {
  static std::once_flag once;
  static Result<CurlLibrary> opened = make_error(ErrorCode::kInternal, "not opened");
  std::call_once(once, [] { opened = open_curl_library(kCurlSoname); });
  if (!opened.ok()) return opened.error();
  return &*opened;
}

const char* curl_built_version() { return LIBCURL_VERSION; }

}  // namespace wid
