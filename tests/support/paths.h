// Where the tests find the source tree and the wi-doctor binary. The two paths are compiled into
// one generated file (generated/test_paths.cc, see CMakeLists.txt), not into every test object:
// an object that names no checkout is the same in any clone, so ccache shares it (CI builds a
// fresh clone at a new path each time).
#pragma once

namespace wid::test {
const char* source_dir();
const char* binary_path();
}  // namespace wid::test

#define WID_SOURCE_DIR (::wid::test::source_dir())
#define WID_BINARY (::wid::test::binary_path())
